"""Who is told of a nomination's transition, and what: the notices the transition layer writes
with each history event (``workflow.record``), in the same transaction.

* arriving at a level (submitted, or sent up from the level below): the staff of that level;
* returned for revision or rejected, with the reason: the filing unit's cell secretary and staff,
  and whoever filed it;
* a level's decision to honor it or send it on: whoever filed it;
* withdrawn while waiting at a level: that level's staff.

The one who acted is never told of their own action. Other transitions (appraised, voted) are
steps inside a level: nobody outside it waits for them.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from committees.models import Role, User
from notifications.models import NoticeKind
from notifications.services import UNIT_ROLES, notify

from .models import NominationEvent
from .models import NominationState as S

_FIELDS = ("id", "email", "is_active", "notify_by_email", "email_digest")


def _accounts(q: Q):
    return User.objects.filter(q, is_active=True).select_related(None).only(*_FIELDS).order_by("pk")


def _filing_side(nomination) -> Q:
    return Q(unit_id=nomination.filing_unit_id, role__in=UNIT_ROLES) | Q(pk=nomination.filed_by_id)


def _level_staff(nomination) -> Q:
    if not nomination.reviewing_unit_id:
        return Q(pk__in=[])
    return Q(unit_id=nomination.reviewing_unit_id, role=Role.STAFF)


def _what(event: NominationEvent) -> tuple[str, Q, str] | None:
    """The kind of notice, who is told and its title; ``None`` when nobody is told."""
    nomination = event.nomination
    names = {"nominee": nomination.nominee_name}
    to = event.to_state
    if to == S.PROPOSED:
        names["unit"] = nomination.reviewing_unit.name if nomination.reviewing_unit_id else ""
        return (
            NoticeKind.NOMINATION_ARRIVED,
            _level_staff(nomination),
            _("The nomination of %(nominee)s arrived at %(unit)s") % names,
        )
    if to == S.RETURNED:
        return (
            NoticeKind.NOMINATION_RETURNED,
            _filing_side(nomination),
            _("The nomination of %(nominee)s was returned for revision") % names,
        )
    if to == S.REJECTED:
        return (
            NoticeKind.NOMINATION_REJECTED,
            _filing_side(nomination),
            _("The nomination of %(nominee)s was rejected") % names,
        )
    if to == S.HONORED:
        names["level"] = nomination.honored_level.name if nomination.honored_level_id else ""
        return (
            NoticeKind.NOMINATION_DECIDED,
            Q(pk=nomination.filed_by_id),
            _("%(nominee)s was honored at %(level)s") % names,
        )
    if to == S.FORWARDED:
        return (
            NoticeKind.NOMINATION_DECIDED,
            Q(pk=nomination.filed_by_id),
            _("The nomination of %(nominee)s goes on to the next level") % names,
        )
    if to == S.WITHDRAWN and event.from_state != S.DRAFT:
        return (
            NoticeKind.NOMINATION_WITHDRAWN,
            _level_staff(nomination),
            _("The nomination of %(nominee)s was withdrawn") % names,
        )
    return None


def tell(event: NominationEvent) -> None:
    """The notices of ``event``, written inside its transaction; e-mailed after the commit."""
    with translation.override(settings.LANGUAGE_CODE):
        what = _what(event)
        if what is None:
            return
        kind, who, title = what
        nomination = event.nomination
        body = render_to_string(
            "nominations/email/transition_body.txt", {"event": event, "nomination": nomination}
        ).strip()
    notify(
        _accounts(who),
        kind,
        title,
        body,
        reverse("nominations:detail", args=[nomination.public_id]),
        exclude=event.actor,
    )
