import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.search import key_holds, words_of

from .models import Person, normalize_text


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name, code or phone"), method="search")
    unit = django_filters.CharFilter(label=_("Unit code"), field_name="unit__code")
    is_party_member = django_filters.BooleanFilter(label=_("Party member"))
    under_review = django_filters.BooleanFilter(
        label=_("Under inspection or discipline review today"), method="filter_under_review"
    )

    class Meta:
        model = Person
        fields = ["q", "unit", "is_party_member", "under_review"]

    def search(self, queryset, name, value):
        value = normalize_text(value)
        words = words_of(value)
        if not words:
            return queryset
        # Folded: "pham thi dung" finds "Phạm Thị Dung", "NC000" finds "NC0001".
        return queryset.filter(key_holds(words) | Q(phone__contains=value))

    def filter_under_review(self, queryset, name, value):
        if value is None:
            return queryset
        reviewed = queryset.under_review_on(timezone.localdate())
        return reviewed if value else queryset.exclude(pk__in=reviewed.values("pk"))
