"""Nominations, their state machine across levels, vote sessions and the append-only history.

State changes happen only through ``nominations.services``, which take them through
``nominations.workflow`` (the declaration of who may take which transition from which state,
and the one place a level's decision is performed); the state field is protected, so nothing
can assign it directly, and each change writes a ``NominationEvent`` in the same transaction.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from campaigns.models import Campaign, Category, DocumentRequirement, ReviewLevel
from committees.models import Body, Person, Role, Unit
from committees.scoping import EVERYTHING, ScopedQuerySet, UniqueChecksSpanTheTree, scope_prefix
from core.audit.records import AppendOnlyQuerySet, ChainedRecord, append_only_triggers
from core.text import SEARCH_KEY_LENGTH

from .validators import BY_CONTENT_TYPE


class NominationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    APPRAISED = "appraised", _("Appraised")
    VOTED = "voted", _("Voted")
    FORWARDED = "forwarded", _("Forwarded")
    HONORED = "honored", _("Honored")
    RETURNED = "returned", _("Returned for revision")
    REJECTED = "rejected", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @classmethod
    def closed(cls) -> frozenset[str]:
        return frozenset({cls.HONORED, cls.REJECTED, cls.WITHDRAWN})

    @classmethod
    def counting_for_quota(cls) -> frozenset[str]:
        """Nominations that use up a unit's quota: filed and still alive, or honored."""
        return frozenset(
            {cls.PROPOSED, cls.APPRAISED, cls.VOTED, cls.FORWARDED, cls.HONORED, cls.RETURNED}
        )


S = NominationState

#: the Bootstrap class of each state's badge (any state not named: the primary colour)
STATE_BADGES = {
    S.HONORED: "text-bg-success",
    S.REJECTED: "text-bg-secondary",
    S.WITHDRAWN: "text-bg-secondary",
    S.RETURNED: "text-bg-warning",
    S.DRAFT: "text-bg-light border",
    S.FORWARDED: "text-bg-info",
}


class Outcome(models.TextChoices):
    HONOR = "honor", _("Honor at this level")
    FORWARD = "forward", _("Forward to the next level")
    REJECT = "reject", _("Do not accept")


class NominationQuerySet(ScopedQuerySet):
    scope_lookup = "filing_unit__path"

    def visible_to(self, user):
        """Inside the user's subtree by filing unit; drafts only at the unit that writes them."""
        visible = super().visible_to(user)
        if scope_prefix(user) == EVERYTHING:
            return visible
        return visible.filter(~Q(state=S.DRAFT) | Q(filing_unit_id=user.unit_id))

    def waiting_at(self, unit: Unit):
        return self.filter(reviewing_unit=unit)

    def individuals(self):
        return self.filter(person__isnull=False)

    def collectives(self):
        return self.filter(collective__isnull=False)

    def bulk_create(self, objs, *args, **kwargs):
        """Each nomination copies its nominee's search key, as ``save()`` does."""
        objs = list(objs)
        people = {o.person_id for o in objs if o.person_id and not Nomination.person.is_cached(o)}
        units = {o.collective_id for o in objs if o.collective_id and not o.person_id}
        keys = {
            ("p", pk): key
            for pk, key in Person.objects.unscoped("nominees' keys for a bulk insert")
            .filter(pk__in=people)
            .values_list("pk", "search_key")
        } | {
            ("u", pk): key
            for pk, key in Unit.objects.filter(pk__in=units).values_list("pk", "search_key")
        }
        for obj in objs:
            if obj.person_id and Nomination.person.is_cached(obj):
                obj.search_key = obj.person.search_key
            elif obj.person_id:
                obj.search_key = keys.get(("p", obj.person_id), "")
            else:
                obj.search_key = keys.get(("u", obj.collective_id), "")
        return super().bulk_create(objs, *args, **kwargs)


class Nomination(UniqueChecksSpanTheTree, FSMModelMixin, models.Model):
    # URLs carry this, not the row id: nothing about other units' nominations can be guessed.
    public_id = models.UUIDField(
        _("public identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="nominations"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="nominations"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("nominee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    collective = models.ForeignKey(
        Unit,
        verbose_name=_("nominated collective"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collective_nominations",
    )
    filing_unit = models.ForeignKey(
        Unit,
        verbose_name=_("filing unit"),
        on_delete=models.PROTECT,
        related_name="filed_nominations",
    )
    level = models.ForeignKey(
        ReviewLevel,
        verbose_name=_("level"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    reviewing_unit = models.ForeignKey(
        Unit,
        verbose_name=_("reviewing unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations_to_review",
    )
    state = FSMField(_("state"), default=S.DRAFT, choices=S.choices, protected=True, db_index=True)
    vote_outcome = models.CharField(
        _("vote outcome"), max_length=8, choices=Outcome.choices, blank=True
    )
    field_of_work = models.CharField(_("field"), max_length=100, blank=True)
    achievement_summary = models.TextField(_("achievement summary"))
    checklist_confirmed = models.JSONField(_("checklist confirmed"), default=list, blank=True)
    checklist_verified = models.JSONField(_("checklist verified"), default=list, blank=True)
    state_reason = models.TextField(_("reason"), blank=True)
    honored_level = models.ForeignKey(
        ReviewLevel,
        verbose_name=_("honored level"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        related_name="filed_nominations",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The nominee's search key, copied so that the search box reads one indexed table
    # (``committees.models.SearchKeys``); it follows a rename (``records.follow_nominee_keys``).
    search_key = models.CharField(max_length=SEARCH_KEY_LENGTH, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, collective__isnull=True)
                | Q(person__isnull=True, collective__isnull=False),
                name="nominee_is_person_or_collective",
            ),
            # One person (or collective) is nominated once per campaign.
            models.UniqueConstraint(
                fields=["campaign", "person"],
                condition=~Q(state="withdrawn"),
                name="person_once_per_campaign",
            ),
            models.UniqueConstraint(
                fields=["campaign", "collective"],
                condition=~Q(state="withdrawn"),
                name="collective_once_per_campaign",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "reviewing_unit", "state"]),
            models.Index(fields=["campaign", "filing_unit", "state"]),
            # The appraisal queue's order: a page is read in order, not sorted from hundreds.
            models.Index(
                fields=["campaign", "reviewing_unit", "submitted_at", "id"],
                name="nomination_queue_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominee_name} · {self.category}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"person", "collective"} & set(update_fields):
            self.search_key = self.nominee_search_key()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)

    def nominee_search_key(self) -> str:
        """The nominee's key, from the nominee in hand or in one query."""
        if self.person_id:
            if Nomination.person.is_cached(self):
                return self.person.search_key
            return (
                Person.objects.filter(pk=self.person_id)
                .values_list("search_key", flat=True)
                .first()
                or ""
            )
        if self.collective_id:
            if Nomination.collective.is_cached(self):
                return self.collective.search_key
            return (
                Unit.objects.filter(pk=self.collective_id)
                .values_list("search_key", flat=True)
                .first()
                or ""
            )
        return ""

    @property
    def nominee_name(self) -> str:
        return self.person.full_name if self.person_id else self.collective.name

    @property
    def badge_class(self) -> str:
        return STATE_BADGES.get(self.state, "text-bg-primary")

    @property
    def is_decided(self) -> bool:
        """Honored, rejected or withdrawn: it no longer waits anywhere."""
        return self.state in NominationState.closed()

    @property
    def is_collective(self) -> bool:
        return self.collective_id is not None

    # --- transitions: the graph only. ``workflow.ACTIONS`` says who takes them from where;
    # the services check the rules and write the history. ---

    @transition(field=state, source=[S.DRAFT, S.RETURNED], target=S.PROPOSED)
    def submit(self):
        pass

    @transition(field=state, source=[S.DRAFT, S.PROPOSED, S.RETURNED], target=S.WITHDRAWN)
    def withdraw(self):
        pass

    @transition(field=state, source=S.PROPOSED, target=S.APPRAISED)
    def appraise(self):
        pass

    @transition(field=state, source=S.PROPOSED, target=S.RETURNED)
    def return_for_revision(self):
        pass

    @transition(field=state, source=[S.PROPOSED, S.APPRAISED, S.VOTED], target=S.REJECTED)
    def reject(self):
        pass

    @transition(field=state, source=S.APPRAISED, target=S.VOTED)
    def record_vote(self):
        pass

    @transition(field=state, source=[S.VOTED, S.APPRAISED], target=S.HONORED)
    def honor(self):
        pass

    @transition(field=state, source=[S.VOTED, S.APPRAISED], target=S.FORWARDED)
    def forward(self):
        pass

    @transition(field=state, source=S.FORWARDED, target=S.PROPOSED)
    def arrive_at_next_level(self):
        pass


class LevelDecision(models.Model):
    """What one level decided about one nomination: its one pass through that level."""

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="decisions")
    level = models.ForeignKey(ReviewLevel, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="level_decisions")
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    vote_session = models.ForeignKey(
        "VoteSession", on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("level decision")
        verbose_name_plural = _("level decisions")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "level"], name="one_decision_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.nomination_id} @ {self.unit_id}: {self.outcome}"


class NominationEvent(ChainedRecord):
    """Append-only: who did what to a nomination, when, at which level, and why.

    Written once, never changed or deleted (``audit.models.ChainedRecord``; on PostgreSQL a
    trigger refuses UPDATE and DELETE), each row hash-chained to the one before it.
    """

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="events"
    )
    from_state = models.CharField(_("from state"), max_length=16, choices=S.choices, blank=True)
    to_state = models.CharField(_("to state"), max_length=16, choices=S.choices)
    level = models.ForeignKey(
        ReviewLevel,
        verbose_name=_("level"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nomination_events",
    )
    actor_role = models.CharField(_("actor role"), max_length=32, choices=Role.choices, blank=True)
    actor_unit = models.ForeignKey(
        Unit,
        verbose_name=_("actor unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    chain_name = "nominations"
    chain_fields = (
        "nomination",
        "from_state",
        "to_state",
        "level",
        "unit",
        "actor",
        "actor_role",
        "actor_unit",
        "at",
        "reason",
    )
    immutable_message = _("The history of a nomination cannot be changed.")
    undeletable_message = _("The history of a nomination cannot be deleted.")

    class Meta:
        verbose_name = _("nomination event")
        verbose_name_plural = _("nomination history")
        ordering = ["id"]  # the order they were written in
        triggers = append_only_triggers()

    @classmethod
    def history_expected(cls, using: str) -> bool:
        # A nomination leaves its draft only through the workflow, which writes an event.
        return (
            Nomination.objects.using(using)
            .unscoped("the history check looks at every nomination")
            .exclude(state=NominationState.DRAFT)
            .exists()
        )

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.from_state} → {self.to_state}"


# --- the evidence of a nomination ----------------------------------------------------------------
#
# Recognition decisions, registration forms, achievement reports, photos, each one file, stored
# under MEDIA_ROOT (outside the static tree) and served only through a view that checks who may
# see the nomination. Evidence is added and removed only through ``nominations.evidence``.


def evidence_path(instance: Evidence, filename: str) -> str:
    """``evidence/<nomination public id>/<random uuid><extension of the detected kind>``.

    The uploaded name never reaches the path (it is kept, sanitised, in ``original_name``).
    """
    kind = BY_CONTENT_TYPE.get(instance.content_type)
    extension = kind.extension if kind else ""
    return f"evidence/{instance.nomination.public_id}/{uuid.uuid4().hex}{extension}"


class EvidenceQuerySet(ScopedQuerySet):
    """A nomination's files belong where the nomination does: listing them needs a scope, like
    the nominations themselves (``committees.scoping``)."""

    scope_lookup = "nomination__filing_unit__path"

    def within(self, unit: Unit):
        return self.filter(nomination__in=Nomination.objects.within(unit).values("pk"))._scoped(
            "unit"
        )

    def visible_to(self, user):
        """The evidence of the nominations the user may see (drafts only at their own unit)."""
        return self.filter(nomination__in=Nomination.objects.visible_to(user).values("pk"))._scoped(
            "user"
        )


class Evidence(UniqueChecksSpanTheTree, models.Model):
    # URLs carry this, not the row id.
    public_id = models.UUIDField(
        _("public identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    # Empty: "other evidence". A requirement removed from the campaign's configuration leaves
    # its files attached to the nomination, as other evidence.
    requirement = models.ForeignKey(
        DocumentRequirement,
        verbose_name=_("required document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    # Written by the product (the achievement report from the typed summary...), not a scan:
    # it does not stand for a document whose campaign asks for the signed copy.
    generated = models.BooleanField(_("generated copy"), default=False)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        # The table kept its name when the model moved here from ``dossiers``.
        db_table = "dossiers_evidence"
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["nomination", "requirement"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="evidence_not_empty"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def kind(self):
        return BY_CONTENT_TYPE.get(self.content_type)

    @property
    def kind_label(self) -> str:
        kind = self.kind
        return kind.label if kind else self.content_type

    @property
    def is_image(self) -> bool:
        kind = self.kind
        return bool(kind and kind.is_image)


class ThresholdBase(models.TextChoices):
    SITTING = "sitting", _("All sitting members")
    PRESENT = "present", _("Members taking part (present and written votes)")


class SessionState(models.TextChoices):
    OPEN = "open", _("Recording votes")
    CLOSED = "closed", _("Closed")


class VoteSessionQuerySet(ScopedQuerySet):
    scope_lookup = "unit__path"


class VoteSession(UniqueChecksSpanTheTree, models.Model):
    """A meeting of a level's standing committee (or council) that votes on nominations.

    Quorum and threshold are data of the session: by default at least 2/3 of the sitting
    members take part and a nominee needs more than half of all sitting members in favour.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="vote_sessions"
    )
    level = models.ForeignKey(
        ReviewLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="vote_sessions"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="vote_sessions"
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vote_sessions",
    )
    held_at = models.DateTimeField(_("held at"))
    sitting_members = models.PositiveSmallIntegerField(_("sitting members"))
    present_members = models.PositiveSmallIntegerField(_("members present"))
    written_votes = models.PositiveSmallIntegerField(
        _("written votes of absent members"), default=0
    )
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum numerator"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(_("quorum denominator"), default=3)
    threshold_numerator = models.PositiveSmallIntegerField(_("threshold numerator"), default=1)
    threshold_denominator = models.PositiveSmallIntegerField(_("threshold denominator"), default=2)
    threshold_strictly_more = models.BooleanField(
        _("strictly more than the threshold"), default=True
    )
    threshold_base = models.CharField(
        _("threshold of"),
        max_length=8,
        choices=ThresholdBase.choices,
        default=ThresholdBase.SITTING,
    )
    state = models.CharField(
        _("state"), max_length=8, choices=SessionState.choices, default=SessionState.OPEN
    )
    chaired_by = models.CharField(_("chaired by"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VoteSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("vote session")
        verbose_name_plural = _("vote sessions")
        ordering = ["-held_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(present_members__lte=models.F("sitting_members")),
                name="present_within_sitting",
            ),
            models.CheckConstraint(
                condition=Q(threshold_denominator__gt=0) & Q(quorum_denominator__gt=0),
                name="positive_denominators",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.held_at:%d/%m/%Y}"

    @property
    def taking_part(self) -> int:
        return self.present_members + self.written_votes


class Tally(models.Model):
    """The votes on one nomination in one session, and the outcome put to the vote."""

    session = models.ForeignKey(VoteSession, on_delete=models.CASCADE, related_name="tallies")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="tallies")
    proposed_outcome = models.CharField(
        _("proposed outcome"), max_length=8, choices=Outcome.choices
    )
    votes_for = models.PositiveSmallIntegerField(_("for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("abstain"), default=0)

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = [
            models.UniqueConstraint(fields=["session", "nomination"], name="one_tally_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.votes_for}/{self.votes_against}/{self.votes_abstain}"
