"""Forms of the four-good pages: a judgement, a registration, a file of judgements."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from committees.forms import ImportForm

from .services import Verdict

VERDICT_CHOICES = [("", _("Not judged")), ("1", _("Achieved")), ("0", _("Not achieved"))]


def _verdict_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=VERDICT_CHOICES,
        required=False,
        empty_value=None,
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )


class JudgementForm(forms.Form):
    political_task = _verdict_field(_("T1 political task completed well"))
    meeting_quality = _verdict_field(_("T2 good meeting quality"))
    unity_discipline = _verdict_field(_("T3 good unity and discipline"))
    press_exposed_violation = forms.BooleanField(
        label=_(
            "A member's violation was exposed by the press or the public rather than found "
            "by the unit (T3 then fails)"
        ),
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes and evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_method = "post"
        self.helper.form_id = "judgement-form"
        self.helper.add_input(Submit("submit", _("Save the judgement")))

    @staticmethod
    def initial_from(judgement) -> dict:
        if judgement is None:
            return {}

        def code(value):
            return "" if value is None else ("1" if value else "0")

        return {
            "political_task": code(judgement.political_task),
            "meeting_quality": code(judgement.meeting_quality),
            "unity_discipline": code(judgement.unity_discipline),
            "press_exposed_violation": judgement.press_exposed_violation,
            "notes": judgement.notes,
        }

    def verdict(self) -> Verdict:
        data = self.cleaned_data
        return Verdict(
            data["political_task"],
            data["meeting_quality"],
            data["unity_discipline"],
            data["press_exposed_violation"],
            data["notes"],
        )


class RegistrationForm(forms.Form):
    content = forms.CharField(
        label=_("Commitments (Mẫu 1)"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the unit commits to for each of the four criteria."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_method = "post"
        self.helper.form_id = "registration-form"
        self.helper.add_input(Submit("submit", _("Register the unit")))


class JudgementImportForm(forms.Form):
    file = ImportForm.base_fields["file"]
    legacy_encoding = ImportForm.base_fields["legacy_encoding"]
    confirm_conversion = ImportForm.base_fields["confirm_conversion"]
    clean_file = ImportForm.clean_file
    clean_legacy_encoding = ImportForm.clean_legacy_encoding

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_method = "post"
        self.helper.form_id = "judgement-import-form"
        self.helper.add_input(Submit("submit", _("Import")))
