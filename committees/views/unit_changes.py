"""Renaming, merging and closing a unit: admin pages that go through the services,
so that every change is recorded in the unit's history."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from core.views.mixins import RulePermissionMixin

from .. import services
from ..models import Unit


class ChangeForm(forms.Form):
    effective_on = forms.DateField(
        label=_("Effective on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, unit: Unit, user, **kwargs):
        self.unit = unit
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["effective_on"].initial = timezone.localdate()


class RenameForm(ChangeForm):
    name = forms.CharField(label=_("New name"), max_length=255)
    field_order = ["name", "effective_on", "note"]


class MergeForm(ChangeForm):
    target = forms.CharField(
        label=_("Code of the unit it merges into"),
        max_length=50,
        help_text=_("The units and people of this unit move to that unit."),
    )
    field_order = ["target", "effective_on", "note"]

    def clean_target(self):
        code = self.cleaned_data["target"].strip()
        target = Unit.objects.visible_to(self.user).active().filter(code=code).first()
        if target is None:
            raise ValidationError(
                _("No active unit with code %(code)s in your organisation."),
                params={"code": code},
            )
        return target


class CloseForm(ChangeForm):
    pass


class UnitChangeView(RulePermissionMixin, FormView):
    permission_required = "committees.change_unit"
    template_name = "committees/unit_change.html"
    title = ""

    def get_permission_object(self):
        # Outside the user's subtree the unit does not exist for them: 404, not 403.
        self.unit = get_object_or_404(
            Unit.objects.visible_to(self.request.user), code=self.kwargs["code"]
        )
        return self.unit

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "unit": self.unit, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(unit=self.unit, title=self.title, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.apply(
                data, effective_on=data["effective_on"], note=data["note"], by=self.request.user
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, _("The change was saved and recorded in the history."))
        return redirect("committees:unit-detail", code=self.unit.code)

    def apply(self, data, **kwargs):  # pragma: no cover - every subclass defines it
        raise NotImplementedError


class RenameUnitView(UnitChangeView):
    form_class = RenameForm
    title = _("Rename the unit")

    def get_initial(self):
        return {"name": self.unit.name}

    def apply(self, data, **kwargs):
        services.rename_unit(self.unit, data["name"], **kwargs)


class MergeUnitView(UnitChangeView):
    form_class = MergeForm
    title = _("Merge the unit into another")

    def apply(self, data, **kwargs):
        services.merge_units(self.unit, data["target"], **kwargs)


class CloseUnitView(UnitChangeView):
    form_class = CloseForm
    title = _("Close the unit")

    def apply(self, data, **kwargs):
        services.close_unit(self.unit, **kwargs)
