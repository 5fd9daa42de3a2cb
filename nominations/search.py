"""What the search box finds among nominations: those the user may see, by nominee."""

from django.utils.translation import gettext_lazy as _

from core.search import Section, key_holds

from .models import Nomination


def search_nominations(user, words: list[str]):
    # The nominee's key is copied on the nomination: one trigram-indexed table to read.
    return (
        Nomination.objects.visible_to(user)
        .filter(key_holds(words))
        .select_related("person", "collective", "campaign", "category", "filing_unit")
        .order_by("-id")  # newest first; the primary key lets a common name stop at a page
    )


SECTION = Section("de-nghi", _("Nominations"), "search/rows/nomination.html", search_nominations)
