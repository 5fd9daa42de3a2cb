"""How the workflow's readings are put into words, once, for the pages and the services: the
forwarding cap and the threshold of a vote. The documents keep their own formal Vietnamese
(``dossiers.documents.party_format``) but take the arithmetic from here."""

from __future__ import annotations

from django.utils.translation import gettext as _

from campaigns.models import CapBase, ReviewLevel
from campaigns.rules_engine import CapCheck

from .models import ThresholdBase, VoteSession
from .selectors import threshold_base, votes_needed


def cap_sum(cap: CapCheck) -> str:
    """ "10% × 37 = 3": the cap's arithmetic, as every wording of the cap shows it."""
    return _("%(percent)s%% × %(base)s = %(limit)s") % {
        "percent": cap.percent,
        "base": cap.base,
        "limit": cap.limit,
    }


def cap_breach(cap: CapCheck, *, voted: bool) -> str:
    """Why decisions that forward past the cap are refused: a session's vote, or a level
    without a vote passing one more on."""
    values = {"sum": cap_sum(cap), "requested": cap.requested}
    if voted:
        return (
            _(
                "The session breaks the forwarding cap: %(sum)s may be forwarded, "
                "%(requested)s were voted to be forwarded."
            )
            % values
        )
    return (
        _(
            "Passing it on breaks the forwarding cap: %(sum)s may be forwarded, "
            "this would make %(requested)s."
        )
        % values
    )


def cap_line(cap: CapCheck, level: ReviewLevel, next_level: ReviewLevel | None) -> str:
    """The session page's live line: the base counted, the limit, and what is being forwarded."""
    values = {
        "percent": cap.percent,
        "base": cap.base,
        "limit": cap.limit,
        "requested": cap.requested,
        "next": next_level.name if next_level else _("the next level"),
    }
    if level.cap_base == CapBase.RECEIVED_HERE:
        return (
            _(
                "%(percent)s%% × %(base)s received = %(limit)s may be forwarded to %(next)s · "
                "being forwarded: %(requested)s"
            )
            % values
        )
    return (
        _(
            "%(percent)s%% × %(base)s honored = %(limit)s may be forwarded to %(next)s · "
            "being forwarded: %(requested)s"
        )
        % values
    )


def threshold_in_words(session: VoteSession) -> str:
    """ "More than 1/2 of all sitting members: at least 6/11 votes in favour needed", with the
    number from the same rule the server enforces."""
    of_sitting = session.threshold_base == ThresholdBase.SITTING
    fraction = f"{session.threshold_numerator}/{session.threshold_denominator}"
    if session.threshold_strictly_more:
        rule = (
            _("More than %(fraction)s of all sitting members")
            if of_sitting
            else _("More than %(fraction)s of the members taking part")
        )
    else:
        rule = (
            _("At least %(fraction)s of all sitting members")
            if of_sitting
            else _("At least %(fraction)s of the members taking part")
        )
    needed = votes_needed(session)
    if needed is None:
        need = _("no number of votes in favour can reach it")
    else:
        need = _("at least %(needed)s/%(base)s votes in favour needed") % {
            "needed": needed,
            "base": threshold_base(session),
        }
    return f"{rule % {'fraction': fraction}}: {need}"


def attendance_in_words(session: VoteSession) -> str:
    return _(
        "%(present)s present and %(written)s written votes: %(taking_part)s of %(sitting)s "
        "sitting members take part (quorum: at least %(fraction)s)"
    ) % {
        "present": session.present_members,
        "written": session.written_votes,
        "taking_part": session.taking_part,
        "sitting": session.sitting_members,
        "fraction": f"{session.quorum_numerator}/{session.quorum_denominator}",
    }
