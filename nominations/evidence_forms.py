"""The upload forms: the one of the nomination page (one file), and the documents of the
nomination form (several files per required document, sent with the draft). They only parse
input: the service checks each file, the requirement and who may attach it, and its errors come
back at these fields."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import DocumentRequirement

from .validators import ACCEPT


class EvidenceForm(forms.Form):
    requirement = forms.TypedChoiceField(
        label=gettext_lazy("Document"), coerce=int, required=False, empty_value=None
    )
    # Not required here: the service says what is missing, after checking who may attach.
    file = forms.FileField(
        label=gettext_lazy("File"), required=False, widget=forms.FileInput(attrs={"accept": ACCEPT})
    )

    def __init__(
        self,
        *args,
        requirements: list[DocumentRequirement] = (),
        missing: list[DocumentRequirement] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.requirements = {r.pk: r for r in requirements}
        self.fields["requirement"].choices = [
            *((r.pk, r.name) for r in requirements),
            ("", _("Other evidence")),
        ]
        if missing:
            self.fields["requirement"].initial = missing[0].pk
        self.fields["file"].help_text = _(
            "A PDF, a JPEG or PNG image, or a Word document (.docx), at most %(limit)s."
        ) % {"limit": filesizeformat(settings.EVIDENCE_MAX_BYTES)}

    def chosen_requirement(self) -> DocumentRequirement | None:
        return self.requirements.get(self.cleaned_data.get("requirement"))


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; the cleaned value is a list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT, "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data if item]
        return [one(data, initial)] if data else []


def document_field_name(requirement: DocumentRequirement) -> str:
    return f"document_{requirement.pk}"


class DocumentsForm(forms.Form):
    """One field per document the campaign asks of the nomination, each taking several files."""

    def __init__(self, data=None, files=None, *, requirements: list[DocumentRequirement] = ()):
        super().__init__(data, files)
        self.requirements = list(requirements)
        limit = filesizeformat(settings.EVIDENCE_MAX_BYTES)
        for requirement in self.requirements:
            self.fields[document_field_name(requirement)] = MultipleFileField(
                label=_("Add files"),
                required=False,
                help_text=_(
                    "PDF, JPEG, PNG or Word (.docx), at most %(limit)s each; several files may "
                    "be chosen."
                )
                % {"limit": limit},
            )

    def uploads(self) -> list[tuple[DocumentRequirement, str, list]]:
        """``(requirement, field name, files)`` for each document given files, in order."""
        chosen = []
        for requirement in self.requirements:
            name = document_field_name(requirement)
            files = self.cleaned_data.get(name) or []
            if files:
                chosen.append((requirement, name, files))
        return chosen
