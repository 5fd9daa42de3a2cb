"""Who may change the documents of a nomination. The services call these first; the nomination
page uses the same functions to decide whether to offer the upload form and the remove buttons.

- The filing unit (``can_file_for``: the cell secretary, or the staff of a unit that files)
  while the nomination is a draft or has been returned for revision: the dossier is theirs to
  complete, and they may remove any file of it.
- The staff of the level the nomination waits at (``can_act_at_level``) while it is proposed
  there, before they appraise it: they may add what is missing (a recognition decision they
  hold, say) and remove only the files their own unit attached; the filer's files are theirs
  to replace after a return for revision.
- Nobody else, and nobody once it has been appraised: what was appraised stays as it was.
"""

from __future__ import annotations

from nominations import workflow

# Who and when, from the one declaration of the workflow: the filer while it may edit the
# nomination, the appraising staff while they may complete it.
FILER_STATES = workflow.states_for("edit")
APPRAISER_STATES = workflow.states_for("complete")


def is_filer(user, nomination) -> bool:
    return workflow.ACTIONS["edit"].actor(user, nomination)


def is_appraiser(user, nomination) -> bool:
    return workflow.ACTIONS["complete"].actor(user, nomination)


def may_touch(user, nomination) -> bool:
    """Whether the user plays a part that can ever change this nomination's documents."""
    return is_filer(user, nomination) or is_appraiser(user, nomination)


def can_attach(user, nomination) -> bool:
    return workflow.may(user, nomination, "edit") or workflow.may(user, nomination, "complete")


def can_remove(user, evidence, nomination=None) -> bool:
    nomination = nomination or evidence.nomination
    if is_filer(user, nomination) and nomination.state in FILER_STATES:
        return True
    return (
        is_appraiser(user, nomination)
        and nomination.state in APPRAISER_STATES
        and attached_by_own_unit(user, evidence)
    )


def attached_by_own_unit(user, evidence) -> bool:
    return evidence.uploaded_by.unit_id is not None and evidence.uploaded_by.unit_id == user.unit_id
