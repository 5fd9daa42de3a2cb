"""The campaigns' entries of the navigation bar (``core.navigation``)."""

from django.utils.translation import gettext_lazy as _

from committees.navigation import has_role
from core.navigation import NavItem

CAMPAIGNS = NavItem(_("Campaigns"), "campaigns:list", order=20, shown_to=has_role)
ITEMS = (CAMPAIGNS,)
