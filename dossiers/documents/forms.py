"""The small forms filled in before a download: the number, the date, the place and the signer.

They are GET forms: the values travel in the download link, and a field left out of the link
keeps its prefilled value, so a plain ``?format=pdf`` link downloads the document as prefilled.
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

FORMATS = ("pdf", "docx", "xlsx")


def _date_field(label):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


def _number_field():
    return forms.CharField(
        label=_("Number"),
        max_length=12,
        required=False,
        help_text=_("Leave empty to write the number by hand after printing."),
    )


class DocumentDetailsForm(forms.Form):
    number = _number_field()
    day = _date_field(_("Date of the document"))
    place = forms.CharField(label=_("Place on the date line"), max_length=100, required=False)
    on_behalf = forms.CharField(label=_("Signing on behalf of"), max_length=80, required=False)
    signer_title = forms.CharField(label=_("Title of the signer"), max_length=80, required=False)
    signer_name = forms.CharField(label=_("Name of the signer"), max_length=120, required=False)

    field_order = ["number", "day", "place", "on_behalf", "signer_title", "signer_name"]


class ReportDetailsForm(DocumentDetailsForm):
    """The achievement report: no number; the nominee signs it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["number"]


class MinutesDetailsForm(forms.Form):
    number = _number_field()
    day = _date_field(_("Date of the document"))
    place = forms.CharField(label=_("Place on the date line"), max_length=100, required=False)
    venue = forms.CharField(label=_("Where the meeting was held"), max_length=200, required=False)
    chair = forms.CharField(label=_("Chaired by"), max_length=120, required=False)
    secretary = forms.CharField(label=_("Minutes taken by"), max_length=120, required=False)


class RegistrationDetailsForm(DocumentDetailsForm):
    year = forms.IntegerField(label=_("Year registered for"), min_value=2000, max_value=2100)

    field_order = ["year", "day", "place", "on_behalf", "signer_title", "signer_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["number"]


def bound_with_defaults(form_class, query, initial: dict):
    """The form bound to the query string, every field missing from it taking its prefilled
    value (dates as the widget writes them)."""
    data = {}
    for name, value in initial.items():
        data[name] = value.isoformat() if isinstance(value, datetime.date) else value
    for name in form_class.base_fields:
        if name in query:
            data[name] = query.get(name)
    return form_class(data, initial=initial)
