"""What the search box finds among nominations: those the user may see, by nominee."""

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from committees.models import Person, Unit
from core.search import Section, key_holds

from .models import Nomination


def search_nominations(user, words: list[str]):
    # Subqueries only narrow the nominations, which are themselves read in the user's scope.
    people = Person.objects.filter(key_holds(words)).values("pk")
    units = Unit.objects.filter(key_holds(words)).values("pk")
    return (
        Nomination.objects.visible_to(user)
        .filter(Q(person__in=people) | Q(collective__in=units))
        .select_related("person", "collective", "campaign", "category", "filing_unit")
        .order_by(
            "-campaign__period_start",
            "-campaign_id",
            Coalesce("person__sort_key", "collective__sort_key"),
            "id",
        )
    )


SECTION = Section("de-nghi", _("Nominations"), "search/rows/nomination.html", search_nominations)
