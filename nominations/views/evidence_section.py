"""The "documents" section of the nomination page: each document the campaign asks of the
nomination with the files attached for it, the other evidence, and the upload form when the
user may attach. Two queries, however many documents and files."""

from __future__ import annotations

from dataclasses import dataclass, field

from campaigns.models import DocumentRequirement

from .. import evidence_permissions, generated
from ..completeness import counts_for, requirements_for, requirements_of
from ..evidence_forms import DocumentsForm, EvidenceForm, document_field_name
from ..models import Evidence, Nomination


@dataclass
class RequirementRow:
    requirement: DocumentRequirement
    files: list[Evidence] = field(default_factory=list)
    #: on the nomination form: the bound field that takes this document's files
    field: object = None

    @property
    def present(self) -> bool:
        return any(counts_for(f, self.requirement) for f in self.files)

    @property
    def missing(self) -> bool:
        return self.requirement.required and not self.present

    @property
    def awaiting_signed_copy(self) -> bool:
        """A generated copy is attached, but the campaign asks for the signed one."""
        return bool(self.files) and not self.present

    @property
    def generator(self) -> str:
        """The product's document this one can be attached as, when it can render it now."""
        key = self.requirement.generated_from
        return key if key and generated.available(key) else ""


@dataclass
class EvidenceSection:
    rows: list[RequirementRow]
    other: list[Evidence]
    can_attach: bool
    form: EvidenceForm | None

    @property
    def missing(self) -> list[str]:
        return [row.requirement.name for row in self.rows if row.missing]

    @property
    def is_empty(self) -> bool:
        return not self.rows and not self.other


def evidence_section(
    user, nomination: Nomination, form: EvidenceForm | None = None
) -> EvidenceSection:
    """Everything the section shows; ``form`` is a refused upload form to show with its errors
    (the section offers a fresh one to whoever may attach).

    Each file carries ``removable`` (whether this user may remove it now).
    """
    requirements = list(requirements_for(nomination))
    files = list(
        nomination.evidence.select_related("uploaded_by__unit").order_by("uploaded_at", "id")
    )
    rows = {r.pk: RequirementRow(r) for r in requirements}
    other = []
    for evidence in files:
        evidence.removable = evidence_permissions.can_remove(user, evidence, nomination)
        row = rows.get(evidence.requirement_id)
        if row is None:
            other.append(evidence)
        else:
            row.files.append(evidence)
    can_attach = evidence_permissions.can_attach(user, nomination)
    if can_attach and form is None:
        form = EvidenceForm(
            requirements=requirements,
            missing=[row.requirement for row in rows.values() if row.missing],
        )
    # A refused upload comes back with its reason, even to someone who may no longer attach.
    return EvidenceSection(rows=list(rows.values()), other=other, can_attach=can_attach, form=form)


def documents_on_form(
    user,
    campaign_id: int,
    category_id: int | None,
    nomination: Nomination | None,
    form: DocumentsForm | None = None,
) -> EvidenceSection:
    """The documents block of the nomination form: each document the campaign asks of the
    category chosen (before one is chosen, those asked of every category), the files already
    attached to the draft, and the field that takes more. ``form`` is the bound form of a
    post, with the errors of the files refused. Two queries with a draft, one without."""
    requirements = list(requirements_of(campaign_id, category_id))
    form = form or DocumentsForm(requirements=requirements)
    rows = {r.pk: RequirementRow(r) for r in requirements}
    other = []
    if nomination is not None:
        files = nomination.evidence.select_related("uploaded_by__unit").order_by(
            "uploaded_at", "id"
        )
        for evidence in files:
            evidence.removable = evidence_permissions.can_remove(user, evidence, nomination)
            row = rows.get(evidence.requirement_id)
            (other if row is None else row.files).append(evidence)
    for row in rows.values():
        name = document_field_name(row.requirement)
        row.field = form[name] if name in form.fields else None
    return EvidenceSection(rows=list(rows.values()), other=other, can_attach=True, form=form)
