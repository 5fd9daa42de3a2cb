import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Kind, ReadRecord


class ReadRecordFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("what"), choices=Kind.choices)
    since = django_filters.DateFilter(
        label=_("from"),
        field_name="at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("to"),
        field_name="at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    username = django_filters.CharFilter(
        label=_("account"), field_name="user__username", lookup_expr="iexact"
    )

    class Meta:
        model = ReadRecord
        fields: list[str] = []
