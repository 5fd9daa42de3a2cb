"""Asking for a bundle: who may, and the task that builds it, enqueued once the row is
committed (a worker never looks for a row that was rolled back)."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from committees.models import Unit
from config.celery import send_safely
from nominations.permissions import can_record_votes, require
from nominations.selectors import level_of

from ..models import BundleState, DossierBundle
from . import limits, selection
from .tasks import build_bundle


def may_request(user, unit: Unit) -> bool:
    """The staff and the standing committee members of the unit (as for its vote sessions)."""
    return can_record_votes(user, unit)


def in_progress(campaign: Campaign, unit: Unit) -> DossierBundle | None:
    """The unit's bundle still waiting or being built, if any: not one that was interrupted,
    nor one still waiting long after it was asked for (its message may be lost: a new request
    must not be blocked by it for ever)."""
    recent = timezone.now() - limits.STALE_AFTER
    for bundle in (
        DossierBundle.objects.unscoped("the given unit, checked by the caller")
        .filter(
            Q(state=BundleState.QUEUED, requested_at__gte=recent) | Q(state=BundleState.RUNNING),
            campaign=campaign,
            unit=unit,
        )
        .order_by("-requested_at", "-id")[:5]
    ):
        if not bundle.is_interrupted:
            return bundle
    return None


def request_bundle(user, campaign: Campaign, unit: Unit) -> DossierBundle:
    """A new bundle of what ``unit`` forwards in ``campaign`` (what it honored, at the top
    level), built by the task once the transaction commits. While one is still waiting or
    being built, that one is returned instead of starting a second.

    ``PermissionDenied`` unless the user is staff or a standing committee member of ``unit``
    and the unit is a reviewing level of the campaign; ``ValidationError`` when the unit has
    nothing to put in a bundle yet.
    """
    require(
        may_request(user, unit),
        _("Only the staff and the standing committee members of the unit can build its dossier."),
    )
    try:
        level = level_of(campaign, unit)
    except ValidationError as error:
        raise PermissionDenied(" ".join(error.messages)) from error
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one request at a time
        running = in_progress(campaign, unit)
        if running is not None:
            return running
        if not selection.bundled(campaign, unit, level, user).exists():
            if selection.is_top(campaign, level):
                raise ValidationError(
                    _(
                        "No nomination has been honored at your level yet: "
                        "there is nothing to put in the dossier."
                    )
                )
            raise ValidationError(
                _(
                    "Your unit has not forwarded any nomination yet: there "
                    "is nothing to put in the dossier."
                )
            )
        bundle = DossierBundle.objects.create(
            campaign=campaign, unit=unit, requested_by=user, task_id=str(uuid.uuid4())
        )
        transaction.on_commit(lambda: _send(bundle))
    return bundle


def _send(bundle: DossierBundle) -> None:
    """Queue the build; when the queue cannot be reached the bundle fails at once with a
    message to try again later (a new request starts afresh), rather than waiting for ever."""
    sent = send_safely(
        lambda: build_bundle.apply_async(args=[bundle.pk], task_id=bundle.task_id),
        what=f"the build of bundle {bundle.public_id}",
    )
    if not sent:
        DossierBundle.objects.filter(pk=bundle.pk, state=BundleState.QUEUED).update(
            state=BundleState.FAILED, error=unreachable_message(), finished_at=timezone.now()
        )


def unreachable_message() -> str:
    return _(
        "The server that builds dossiers cannot be reached at the moment. Nothing was "
        "lost: please try again later."
    )
