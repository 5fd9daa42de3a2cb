"""The navigation bar, by role: what each user can open from every page."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


DASHBOARD = NavItem(_("Dashboard"), "dashboard")
HIERARCHY = NavItem(_("Organisations"), "committees:unit-tree")
PEOPLE = NavItem(_("Members"), "committees:person-list")
IMPORTS = NavItem(_("Import data"), "committees:import")
CAMPAIGNS = NavItem(_("Campaigns"), "campaigns:list")
FOUR_GOOD = NavItem(_("Four-good movement"), "movements:four-good-home")

MENUS: dict[str, tuple[NavItem, ...]] = {
    Role.CELL_SECRETARY: (DASHBOARD, CAMPAIGNS, FOUR_GOOD, HIERARCHY, PEOPLE),
    Role.STAFF: (DASHBOARD, CAMPAIGNS, FOUR_GOOD, HIERARCHY, PEOPLE),
    Role.STANDING_MEMBER: (DASHBOARD, CAMPAIGNS, FOUR_GOOD, HIERARCHY, PEOPLE),
    Role.ADMIN: (DASHBOARD, CAMPAIGNS, FOUR_GOOD, HIERARCHY, PEOPLE, IMPORTS),
}


def menu_for(user) -> tuple[NavItem, ...]:
    if user.is_superuser:
        return MENUS[Role.ADMIN]
    return MENUS.get(user.role, (DASHBOARD,))
