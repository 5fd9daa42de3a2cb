"""What the search box finds in the tree: people and units of the user's subtree."""

from django.utils.translation import gettext_lazy as _

from core.search import Section, key_holds

from .models import Person, Unit


def search_people(user, words: list[str]):
    return (
        Person.objects.visible_to(user)
        .filter(key_holds(words, code_field="code"))
        .select_related("unit")
        .order_by("sort_key", "code")
    )


def search_units(user, words: list[str]):
    return Unit.objects.visible_to(user).filter(key_holds(words)).order_by("sort_key", "code")


SECTIONS = (
    Section("nguoi", _("People"), "search/rows/person.html", search_people),
    Section("don-vi", _("Units"), "search/rows/unit.html", search_units),
)
