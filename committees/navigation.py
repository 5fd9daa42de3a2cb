"""The hierarchy's entries of the navigation bar (``core.navigation``), and who sees the bar's
entries: a user with one of the four roles (or a superuser) sees the whole bar; a user without
a role sees only the dashboard."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

from .models import Role
from .permissions import is_admin


def has_role(user) -> bool:
    return user.is_superuser or user.role in Role.values


DASHBOARD = NavItem(_("Dashboard"), "dashboard", order=10)
HIERARCHY = NavItem(_("Organisations"), "committees:unit-tree", order=40, shown_to=has_role)
PEOPLE = NavItem(_("Members"), "committees:person-list", order=50, shown_to=has_role)
IMPORTS = NavItem(_("Import data"), "committees:import", order=60, shown_to=is_admin)
ITEMS = (DASHBOARD, HIERARCHY, PEOPLE, IMPORTS)
