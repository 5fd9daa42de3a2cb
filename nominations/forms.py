"""Forms of the nomination pages. They only parse input: every rule is checked by the service
that the view calls, and its errors are put back on these forms by ``add_service_errors``."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Category, NomineeKind
from committees.models import Person, Unit

from . import selectors, services

# Offered under the field of work as suggestions; the filer may type anything else.
FIELD_SUGGESTIONS = (
    _("Party building"),
    _("Economy"),
    _("Culture and society"),
    _("Education and training"),
    _("Health care"),
    _("Science and technology"),
    _("National defence and security"),
    _("Mass mobilisation"),
)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on ``form``: at the field it names when the form has
    that field, otherwise as a non-field error."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        form.add_error(None, error.messages)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        parts = [obj.full_name]
        if obj.position:
            parts.append(obj.position)
        parts.append(obj.unit.name)
        label = " · ".join(parts)
        if not obj.is_party_member:
            label = _("%(person)s (not a party member)") % {"person": label}
        return label


class QuickSelect(forms.Select):
    """A select whose options are written in Python rather than one template each: the same
    HTML, at a few microseconds an option instead of a third of a millisecond."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) in selected else "", label)
                for key, label in ((str(k), lbl) for k, lbl in self.choices)
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)


class UnitChoiceField(forms.ModelChoiceField):
    """Units, indented by depth. ``offered`` (``(pk, depth, name)`` tuples) narrows what the
    select lists, while ``queryset`` still decides what a submitted value may be."""

    widget = QuickSelect

    def __init__(self, *args, base_depth: int = 1, offered=None, **kwargs):
        self.base_depth = base_depth
        self.offered = offered
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Unit) -> str:
        return self.indented(obj.depth, obj.name)

    def indented(self, depth: int, name: str) -> str:
        return "— " * max(depth - self.base_depth, 0) + name

    def _get_choices(self):
        if self.offered is None:
            return super()._get_choices()
        empty = [("", self.empty_label)] if self.empty_label is not None else []
        return empty + [(pk, self.indented(depth, name)) for pk, depth, name in self.offered]

    choices = property(_get_choices, forms.ChoiceField.choices.fset)


class NominationForm(forms.Form):
    """Category, nominee, field, achievement summary and the category's qualitative checklist.

    The fields that depend on the category (the nominee select and the checklist) are rebuilt
    for the category chosen; with no category chosen yet both nominee selects are offered.
    """

    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        empty_label=_("— choose a category —"),
    )
    person = PersonChoiceField(
        label=_("Person nominated"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("— choose a person —"),
        help_text=_("People of your unit and the units under it; party members first."),
    )
    collective = UnitChoiceField(
        label=_("Collective nominated"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— choose a unit —"),
    )
    field_of_work = forms.CharField(
        label=_("Field of work"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"list": "field-of-work-suggestions", "autocomplete": "off"}),
    )
    achievement_summary = forms.CharField(
        label=_("Achievement summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "The main achievements, in a few paragraphs: this text goes on the "
            "summary list sent to the higher levels."
        ),
    )
    checklist_confirmed = forms.MultipleChoiceField(
        label=_("Qualitative criteria"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick each criterion the nominee meets: all of them must be confirmed "
            "before the nomination is submitted."
        ),
    )

    def __init__(
        self, *args, campaign: Campaign, unit: Unit, user, refresh_url: str = "", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.categories = list(campaign.categories.all())
        self.fields["category"].queryset = campaign.categories.all()
        self.fields["person"].queryset = (
            Person.objects.visible_to(user)
            .within(unit)
            .select_related("unit")
            .order_by("-is_party_member", "full_name", "code")
        )
        self.fields["collective"].queryset = (
            Unit.objects.visible_to(user).within(unit).active().order_by("path")
        )
        self.fields["collective"].base_depth = unit.depth
        if campaign.fields_of_work:
            # The campaign's plan lists the fields (seed 002: "Cụ thể trên các lĩnh vực ..."):
            # one of them, chosen from a list, so the lists and the shortlist can group by it.
            self.fields["field_of_work"] = forms.ChoiceField(
                label=_("Field of work"),
                required=False,
                choices=[("", _("— choose a field —"))]
                + [(name, name) for name in campaign.fields_of_work],
            )
        if refresh_url:
            # Choosing a category swaps the nominee select and the checklist in place.
            self.fields["category"].widget.attrs.update(
                {
                    "hx-get": refresh_url,
                    "hx-target": "#category-fields",
                    "hx-swap": "outerHTML",
                    "hx-include": "[name='person'],[name='collective']",
                }
            )
        self.chosen_category = self._chosen_category()
        self._fit_to_category(self.chosen_category)

    def _chosen_category(self) -> Category | None:
        if self.is_bound:
            value = self.data.get(self.add_prefix("category"))
        else:
            value = self.initial.get("category")
        if isinstance(value, Category):
            value = value.pk
        return next((c for c in self.categories if str(c.pk) == str(value or "")), None)

    def _fit_to_category(self, category: Category | None) -> None:
        if category is None:
            self.fields["person"].help_text = _("For a category of individuals.")
            self.fields["collective"].help_text = _("For a category of collectives.")
            del self.fields["checklist_confirmed"]
            return
        if category.nominee_kind == NomineeKind.INDIVIDUAL:
            del self.fields["collective"]
        else:
            del self.fields["person"]
        checklist = selectors.campaign_checklist(category)
        if checklist:
            self.fields["checklist_confirmed"].choices = [
                (str(i), text) for i, text in enumerate(checklist)
            ]
        else:
            del self.fields["checklist_confirmed"]

    def dependent_fields(self):
        """The bound fields that change with the category, for the partial that htmx swaps."""
        names = ("person", "collective", "checklist_confirmed")
        return [self[name] for name in names if name in self.fields]

    def to_draft(self) -> services.Draft:
        data = self.cleaned_data
        category = data["category"]
        ticked = set(data.get("checklist_confirmed") or [])
        checklist = selectors.campaign_checklist(category)
        return services.Draft(
            category=category,
            person=data.get("person"),
            collective=data.get("collective"),
            field_of_work=" ".join((data.get("field_of_work") or "").split()),
            achievement_summary=data.get("achievement_summary") or "",
            checklist_confirmed=[str(i) in ticked for i in range(len(checklist))],
        )

    @staticmethod
    def initial_from(nomination) -> dict:
        return {
            "category": nomination.category_id,
            "person": nomination.person_id,
            "collective": nomination.collective_id,
            "field_of_work": nomination.field_of_work,
            "achievement_summary": nomination.achievement_summary,
            "checklist_confirmed": [
                str(i) for i, ok in enumerate(nomination.checklist_confirmed or []) if ok
            ],
        }


class ReasonForm(forms.Form):
    """The reason for returning, rejecting or withdrawing; the service decides if it is needed."""

    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if required:
            self.fields["reason"].widget.attrs["required"] = True


class AppraiseForm(forms.Form):
    """The appraiser verifies each qualitative criterion; a note goes into the history."""

    checklist_verified = forms.MultipleChoiceField(
        label=_("Verified criteria"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, checklist: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.checklist = checklist
        if checklist:
            self.fields["checklist_verified"].choices = [
                (str(i), text) for i, text in enumerate(checklist)
            ]
        else:
            del self.fields["checklist_verified"]

    def verified(self) -> list[bool]:
        ticked = set(self.cleaned_data.get("checklist_verified") or [])
        return [str(i) in ticked for i in range(len(self.checklist))]


class BulkAppraiseForm(forms.Form):
    """The rows checked in the appraisal queue, each appraised (or returned) on its own."""

    nominations = forms.ModelMultipleChoiceField(
        queryset=None,
        to_field_name="public_id",
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Select at least one nomination.")},
    )
    verified = forms.BooleanField(
        label=_("I have verified the qualitative criteria of every selected nomination"),
        required=False,
    )

    #: with the "return" button: each selected row is returned for revision with this reason
    reason = forms.CharField(
        label=_("Reason for returning the selected nominations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = queryset
