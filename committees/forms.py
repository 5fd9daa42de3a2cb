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

IMPORT_SUFFIXES = (".xlsx", ".csv")


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
        help_text=gettext_lazy("An Excel workbook (.xlsx) or a CSV file in UTF-8 (.csv)."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMPORT_SUFFIXES)}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_method = "post"
        self.helper.form_id = "import-form"
        self.helper.add_input(Submit("submit", gettext_lazy("Import")))

    def clean_file(self):
        file = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if file.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
            )
        if PurePath(file.name).suffix.lower() not in IMPORT_SUFFIXES:
            raise forms.ValidationError(_("Only .xlsx and .csv files can be imported."))
        return file
