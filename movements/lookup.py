"""Finding the movement a command or a page works on."""

from __future__ import annotations

from django.utils.translation import gettext as _

from campaigns.models import Movement


class NoMovement(Exception):
    pass


def movement_for(*, year: int | None = None, campaign_code: str | None = None) -> Movement:
    """The movement of ``campaign_code``, or the only one whose years include ``year``."""
    movements = Movement.objects.select_related("campaign", "campaign__organiser")
    if campaign_code:
        movement = movements.filter(campaign__code=campaign_code).first()
        if movement is None:
            raise NoMovement(
                _("The campaign %(code)s has no four-good movement.") % {"code": campaign_code}
            )
        return movement
    if year is not None:
        movements = movements.filter(first_year__lte=year, last_year__gte=year)
    found = list(movements[:2])
    if not found:
        raise NoMovement(
            _("No four-good movement covers the year %(year)s.") % {"year": year}
            if year
            else _("There is no four-good movement.")
        )
    if len(found) > 1:
        raise NoMovement(
            _("Several four-good movements cover this year: name one with --campaign.")
        )
    return found[0]
