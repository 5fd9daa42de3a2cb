"""The movement's entry of the navigation bar (``core.navigation``)."""

from django.utils.translation import gettext_lazy as _

from committees.navigation import has_role
from core.navigation import NavItem

FOUR_GOOD = NavItem(
    _("Four-good movement"), "movements:four-good-home", order=30, shown_to=has_role
)
ITEMS = (FOUR_GOOD,)
