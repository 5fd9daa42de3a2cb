"""Filters of a level's lists: the appraisal queue ("waiting for us") and what the level
passed on or decided ("decided by us")."""

import django_filters
from django import forms
from django.db.models import Count, F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from committees.models import Unit

from .completeness import lacks_a_required_document
from .forms import UnitChoiceField
from .lists import OUTCOME_CHOICES
from .models import Nomination, NominationState

ELIGIBLE_YES = "yes"
ELIGIBLE_NO = "no"
DOCUMENTS_COMPLETE = "complete"
DOCUMENTS_MISSING = "missing"

#: the columns a list sorts by (``?sort=name``, ``?sort=-name`` for the reverse): name → order
SORTS = {
    "nominee": (Coalesce("person__full_name", "collective__name"),),
    "category": ("category__name",),
    "filing_unit": ("filing_unit__name",),
    "state": ("state",),
    "submitted": ("submitted_at",),
    "now_at": ("reviewing_unit__name",),
}


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoiceField


class LevelListFilter(django_filters.FilterSet):
    """Filing unit (the unit or any unit below it, a select that drills down the tree),
    category, state, complete or missing documents, and the column to sort by."""

    #: the names ``sort`` accepts
    sorts = SORTS

    filing_unit = UnitFilter(
        label=_("Filed by (the unit or a unit under it)"),
        queryset=Unit.objects.none(),
        method="filter_filing_unit",
        empty_label=_("Any unit"),
    )
    # The campaign's few categories, read once by the view (which also puts them on the rows):
    # a model choice field would read them again, through a server-side cursor.
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        choices=[],
        empty_label=_("Any category"),
    )
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=NominationState.choices,
        empty_label=_("Any state"),
    )
    documents = django_filters.ChoiceFilter(
        label=_("Documents"),
        method="filter_documents",
        empty_label=_("Complete or not"),
        choices=[
            (DOCUMENTS_COMPLETE, _("Complete")),
            (DOCUMENTS_MISSING, _("Documents missing")),
        ],
    )
    sort = django_filters.CharFilter(method="sort_by", widget=forms.HiddenInput)

    class Meta:
        model = Nomination
        fields = ["filing_unit", "category", "state", "documents"]

    def __init__(self, *args, categories, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["filing_unit"].queryset = (
            Unit.objects.visible_to(self.request.user).within(unit).order_by("path")
        )
        self.filters["filing_unit"].extra["base_depth"] = unit.depth
        self.filters["filing_unit"].extra["offered"] = self.units_with_waiting(unit)
        self.filters["category"].extra["choices"] = [(c.pk, c.name) for c in categories]

    def units_with_waiting(self, unit: Unit) -> list[tuple[int, int, str]]:
        """``(pk, depth, name)`` of the units the "filed by" select lists (see
        ``offered_paths``): two queries, three once a unit is chosen. The first counts by
        filing unit, which also gives ``unfiltered_count``, the queue's length. The whole
        subtree of a city would be 13,000 options, and even two tiers are 1,500; any unit of
        the subtree is still accepted in the address."""
        waiting = dict(
            self.queryset.order_by().values_list("filing_unit__path").annotate(n=Count("pk"))
        )
        self.unfiltered_count = sum(waiting.values())
        filed_from = set(waiting)
        subtree = Unit.objects.visible_to(self.request.user).within(unit)
        chosen = (self.data or {}).get("filing_unit") or ""
        chosen_path = (
            subtree.filter(pk=int(chosen)).values_list("path", flat=True).first()
            if chosen.isdigit()
            else None
        )
        paths = offered_paths(filed_from, unit.path, chosen_path, Unit.steplen)
        return list(
            subtree.filter(path__in=paths).order_by("path").values_list("pk", "depth", "name")
        )

    def filter_filing_unit(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(filing_unit__path__startswith=value.path)

    def keep_all(self, queryset, name, value):
        return queryset

    def filter_documents(self, queryset, name, value):
        if value == DOCUMENTS_MISSING:
            return queryset.filter(lacks_a_required_document())
        if value == DOCUMENTS_COMPLETE:
            return queryset.exclude(lacks_a_required_document())
        return queryset

    def sort_by(self, queryset, name, value):
        """``value`` is a name of ``sorts``, with ``-`` in front for the reverse order; an
        unknown name leaves the list's own order. Ties keep that order."""
        key = value.lstrip("-")
        if key not in self.sorts:
            return queryset
        descending = value.startswith("-")
        order = [
            (F(e) if isinstance(e, str) else e).desc(nulls_last=True)
            if descending
            else (F(e) if isinstance(e, str) else e).asc(nulls_last=True)
            for e in self.sorts[key]
        ]
        return queryset.order_by(*order, *queryset.query.order_by)

    def sort_choice(self) -> str:
        if not self.is_bound or not self.form.is_valid():
            return ""
        value = self.form.cleaned_data.get("sort") or ""
        return value if value.lstrip("-") in self.sorts else ""

    def count(self) -> int | None:
        """How many rows ``qs`` has, when no filter narrows it (known without a query);
        None otherwise. Sorting narrows nothing."""
        if not self.is_bound:
            return self.unfiltered_count
        if self.form.is_valid() and not any(
            value for name, value in self.form.cleaned_data.items() if name != "sort"
        ):
            return self.unfiltered_count
        return None

    def eligible_choice(self) -> str:
        """``"yes"``, ``"no"`` or ``""`` (no filter), once the filter form is valid."""
        if not self.is_bound or not self.form.is_valid():
            return ""
        return self.form.cleaned_data.get("eligible") or ""


class QueueFilter(LevelListFilter):
    """The queue's filters and eligibility.

    Eligibility is not a column: the view computes it for the rows from the same facts the
    services check, and filters on ``eligible_choice()`` in Python.
    """

    eligible = django_filters.ChoiceFilter(
        label=_("Eligibility today"),
        method="keep_all",
        empty_label=_("Eligible or not"),
        choices=[(ELIGIBLE_YES, _("Eligible")), (ELIGIBLE_NO, _("Not eligible"))],
    )

    class Meta:
        model = Nomination
        fields = ["filing_unit", "category", "state", "documents", "eligible"]


class HandledFilter(LevelListFilter):
    """What the level did (passed on, honoured, not accepted, returned) and when."""

    sorts = {**SORTS, "outcome": ("our_outcome",), "decided": ("our_decided_at",)}

    outcome = django_filters.ChoiceFilter(
        label=_("Our decision"),
        field_name="our_outcome",
        empty_label=_("Any decision"),
        choices=OUTCOME_CHOICES,
    )
    decided_from = django_filters.DateFilter(
        label=_("Decided from"),
        field_name="our_decided_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    decided_to = django_filters.DateFilter(
        label=_("Decided until"),
        field_name="our_decided_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Nomination
        fields = [
            "filing_unit",
            "category",
            "state",
            "documents",
            "outcome",
            "decided_from",
            "decided_to",
        ]


def offered_paths(
    filed_from: set[str], staff_path: str, chosen_path: str | None, steplen: int
) -> set[str]:
    """A drill-down: the staff's unit and the units one tier below it that something in the
    queue was filed from or through; once a unit is chosen, also the units on the way down to
    it, the chosen unit itself and the units one tier below it that something was filed from or
    through."""

    def next_tier(under: str) -> set[str]:
        return {
            path[: len(under) + steplen]
            for path in filed_from
            if path.startswith(under) and len(path) > len(under)
        }

    paths = {staff_path} | next_tier(staff_path)
    if chosen_path is not None and chosen_path.startswith(staff_path):
        paths |= {
            chosen_path[:end] for end in range(len(staff_path), len(chosen_path) + 1, steplen)
        }
        paths |= next_tier(chosen_path)
    return paths
