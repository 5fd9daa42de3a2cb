from django.utils import timezone
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.reads import ReadKind, note_read
from core.views.mixins import ScopedQuerysetMixin

from ..filters import PersonFilter
from ..models import Person
from ..records import person_sections


class PersonListView(ScopedQuerysetMixin, FilterView):
    model = Person
    filterset_class = PersonFilter
    paginate_by = 50
    template_name = "committees/person_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("unit").prefetch_related("ratings")


class PersonDetailView(ScopedQuerysetMixin, DetailView):
    model = Person
    slug_field = "code"
    slug_url_kwarg = "code"
    context_object_name = "person"
    template_name = "committees/person_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("unit")

    def get_context_data(self, **kwargs):
        person: Person = self.object
        note_read(ReadKind.PERSON, person.full_name, unit_id=person.unit_id, object_id=person.code)
        today = timezone.localdate()
        records = list(person.review_records.all())
        return super().get_context_data(
            ratings=person.ratings.all(),
            review_records=records,
            under_review_today=any(r.is_active_on(today) for r in records),
            today=today,
            record_sections=person_sections(self.request.user, person),
            **kwargs,
        )
