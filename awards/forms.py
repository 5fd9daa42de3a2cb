"""Forms of the decisions' pages. They only parse input: the rules are the services', whose
errors are put back at their fields (``nominations.forms.add_service_errors``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Decision

MAX_NUMBER = 99999


def _lines(label, help_text, rows=4):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class DraftForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=500,
        help_text=_("“về việc …”"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    bases = _lines(_("Legal bases"), _("One “Căn cứ …” per line."))
    articles = _lines(
        _("Articles"),
        _("One article per line, in order: Article 1, Article 2 …"),
        rows=6,
    )
    recipients = _lines(_("Recipients"), _("One recipient per line."), rows=3)
    on_behalf = forms.CharField(label=_("On behalf of"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=255, required=False)
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    remove_entries = forms.MultipleChoiceField(
        label=_("Take out of the annex"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, decision: Decision, entries, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "subject": decision.subject,
                "bases": "\n".join(decision.bases),
                "articles": "\n".join(decision.articles),
                "recipients": "\n".join(decision.recipients),
                "on_behalf": decision.on_behalf,
                "signer_title": decision.signer_title,
                "signer_name": decision.signer_name,
                "place": decision.place,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["remove_entries"].choices = [
            (str(e.pk), f"{e.order}. {e.nominee_name}") for e in entries
        ]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["remove_entries"] = [int(pk) for pk in data.get("remove_entries") or ()]
        return data


class NumberingForm(forms.Form):
    number = forms.IntegerField(
        label=_("Number"),
        required=False,
        min_value=1,
        max_value=MAX_NUMBER,
        help_text=_("Leave empty to take the next number of the register automatically."),
    )
    issued_on = forms.DateField(
        label=_("Dated"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class IssueForm(NumberingForm):
    pass


class AnnulForm(NumberingForm):
    reason = forms.CharField(
        label=_("Reason for the annulment"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    field_order = ["reason", "number", "issued_on"]
