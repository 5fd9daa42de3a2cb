"""Filters of the appraisal queue."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from committees.models import Unit

from .forms import UnitChoiceField
from .models import Nomination, NominationState

#: how many tiers below the staff's unit the "filed by" select lists: the whole subtree of a
#: city would be 13,000 options (any unit of the subtree is still accepted in the address)
LISTED_TIERS = 2

ELIGIBLE_YES = "yes"
ELIGIBLE_NO = "no"


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoiceField


class QueueFilter(django_filters.FilterSet):
    """Filing unit (the unit or any unit below it), category, state, and eligibility.

    Eligibility is not a column: the view computes it for the rows from the same facts the
    services check, and filters on ``eligible_choice()`` in Python.
    """

    filing_unit = UnitFilter(
        label=_("Filed by (the unit or a unit under it)"), queryset=Unit.objects.none(),
        method="filter_filing_unit", empty_label=_("Any unit"),
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=None, empty_label=_("Any category"),
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=NominationState.choices, empty_label=_("Any state"),
    )
    eligible = django_filters.ChoiceFilter(
        label=_("Eligibility today"), method="keep_all", empty_label=_("Eligible or not"),
        choices=[(ELIGIBLE_YES, _("Eligible")), (ELIGIBLE_NO, _("Not eligible"))],
    )

    class Meta:
        model = Nomination
        fields = ["filing_unit", "category", "state", "eligible"]

    def __init__(self, *args, campaign, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["filing_unit"].queryset = (
            Unit.objects.visible_to(self.request.user).within(unit).order_by("path")
        )
        self.filters["filing_unit"].extra["base_depth"] = unit.depth
        self.filters["filing_unit"].extra["offered"] = self.units_with_waiting(unit)
        self.filters["category"].queryset = campaign.categories.all()

    def units_with_waiting(self, unit: Unit):
        """The staff's unit and the units up to ``LISTED_TIERS`` below it that something in
        the queue was filed from (or through), and the unit already chosen. Two queries."""
        steplen, start = Unit.steplen, len(unit.path)
        stop = start + LISTED_TIERS * steplen
        filed_from = self.queryset.order_by().values_list("filing_unit__path", flat=True)
        paths = {path[:end] for path in filed_from.distinct()
                 for end in range(start, min(len(path), stop) + 1, steplen)}
        chosen = (self.data or {}).get("filing_unit") or ""
        wanted = Q(path__in=paths) | Q(pk=int(chosen)) if chosen.isdigit() else Q(path__in=paths)
        return Unit.objects.visible_to(self.request.user).within(unit).filter(wanted) \
            .order_by("path")

    def filter_filing_unit(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(filing_unit__path__startswith=value.path)

    def keep_all(self, queryset, name, value):
        return queryset

    def eligible_choice(self) -> str:
        """``"yes"``, ``"no"`` or ``""`` (no filter), once the filter form is valid."""
        if not self.is_bound or not self.form.is_valid():
            return ""
        return self.form.cleaned_data.get("eligible") or ""
