"""Saving an office's printer offsets for a campaign's certificate blanks."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from committees.models import Unit

from .certificates import offset_problems
from .models import CertificateSettings
from .permissions import can_prepare_decisions


@transaction.atomic
def save_printer_offsets(
    user, unit: Unit, campaign: Campaign, *, offset_x_mm: Decimal, offset_y_mm: Decimal
) -> CertificateSettings:
    """Check (the unit's staff; each shift within ±50 mm; every box of the campaign's layout
    still on the sheet once shifted), lock the unit's row, change it."""
    if not can_prepare_decisions(user, unit):
        raise PermissionDenied(
            _("Only the staff of %(unit)s can set its printer.") % {"unit": unit}
        )
    offset_x_mm, offset_y_mm = Decimal(offset_x_mm), Decimal(offset_y_mm)
    problems = offset_problems(campaign.awards.certificate, float(offset_x_mm), float(offset_y_mm))
    if problems:
        raise ValidationError(problems)
    # get_or_create: a second clerk saving at the same moment finds the row the first made.
    setting, _created = CertificateSettings.objects.select_for_update().get_or_create(
        unit=unit, campaign=campaign, defaults={"updated_by": user}
    )
    setting.offset_x_mm = offset_x_mm
    setting.offset_y_mm = offset_y_mm
    setting.updated_by = user
    setting.save()
    return setting
