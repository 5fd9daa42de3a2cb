"""The upload form of the nomination page. It only parses input: the service checks the file,
the requirement and who may attach it, and its errors come back at these fields."""

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
