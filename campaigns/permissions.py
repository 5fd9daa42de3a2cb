"""Who may manage campaigns (django-rules). Seeing one is scoping, not a permission:
``Campaign.objects.visible_to(user)`` decides it, and a campaign outside it is a 404."""

import rules

from committees.permissions import is_admin
from committees.scoping import unit_in_scope


@rules.predicate
def organiser_in_scope(user, campaign):
    """The campaign is run by the user's own unit or a unit below it."""
    return campaign is not None and unit_in_scope(user, campaign.organiser)


# Distinct names from Django's model permissions, so that the admin site is not affected.
rules.add_perm("campaigns.create_campaign", rules.is_authenticated & is_admin)
rules.add_perm("campaigns.manage_campaign", rules.is_authenticated & is_admin & organiser_in_scope)
