"""Forms of the committees app."""

from __future__ import annotations

from pathlib import PurePath

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

IMPORT_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv")
LEGACY_ENCODING_CHOICES = [
    ("auto", gettext_lazy("Find and convert them (recommended)")),
    ("tcvn3", gettext_lazy("The file is typed in TCVN3 (ABC, .VnTime fonts)")),
    ("vni", gettext_lazy("The file is typed in VNI (VNI-Times fonts)")),
    ("none", gettext_lazy("Convert nothing")),
]


class ImportForm(forms.Form):
    """What the file holds, and the file: an .xlsx workbook or a UTF-8 .csv."""

    kind = forms.ChoiceField(
        label=gettext_lazy("What the file holds"),
        choices=[
            ("units", gettext_lazy("Units")),
            ("people", gettext_lazy("People")),
            ("ratings", gettext_lazy("Ratings of people or of units")),
        ],
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "An Excel workbook (.xlsx, .xls, .xlsm, .xlsb), an OpenDocument spreadsheet (.ods) "
            "or a CSV file in UTF-8 (.csv)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMPORT_SUFFIXES)}),
    )
    legacy_encoding = forms.ChoiceField(
        label=gettext_lazy("Text typed in the old Vietnamese encodings (TCVN3, VNI)"),
        choices=LEGACY_ENCODING_CHOICES,
        initial="auto",
        required=False,
    )
    confirm_conversion = forms.BooleanField(
        label=gettext_lazy(
            "I have checked the conversion of the old encoding shown above: convert it"
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_method = "post"
        self.helper.form_id = "import-form"
        self.helper.add_input(Submit("submit", gettext_lazy("Import")))

    def clean_legacy_encoding(self):
        return self.cleaned_data.get("legacy_encoding") or "auto"

    def clean_file(self):
        file = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if file.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
            )
        if PurePath(file.name).suffix.lower() not in IMPORT_SUFFIXES:
            raise forms.ValidationError(
                _(
                    "Only spreadsheets can be imported: Excel workbooks (.xlsx, .xlsm, .xlsb, "
                    ".xls), OpenDocument spreadsheets (.ods) and CSV files (.csv)."
                )
            )
        return file
