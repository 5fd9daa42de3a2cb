"""A public vote on a campaign's shortlist: entries, e-mail challenges, ballots and choices.

Changed only through ``public_votes.services``. A voter's address is kept only as a
keyed hash (``voter_hash``), so the ballots can be audited without exposing anybody.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, ReviewLevel
from committees.models import Unit
from committees.scoping import ScopedQuerySet, UniqueChecksSpanTheTree
from nominations.models import Nomination

#: the longest public summary of a shortlisted nominee
SUMMARY_MAX_LENGTH = 600


class PublicVoteState(models.TextChoices):
    PREPARING = "preparing", _("Being prepared")
    OPEN = "open", _("Published")
    CLOSED = "closed", _("Closed")
    CONFIRMED = "confirmed", _("Honored confirmed")


class PublicVoteQuerySet(ScopedQuerySet):
    scope_lookup = "unit__path"


class PublicVote(UniqueChecksSpanTheTree, models.Model):
    """One public vote of a campaign, run by the standing committee of ``unit`` at ``level``.

    Ballots are accepted from ``opens_at`` to before ``closes_at`` (exact moments) while the
    vote is published; counts exist for nobody until it is closed.
    """

    public_id = models.UUIDField(
        _("public identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    campaign = models.OneToOneField(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="public_vote"
    )
    level = models.ForeignKey(
        ReviewLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="public_votes"
    )
    title = models.CharField(_("title"), max_length=300)
    min_shortlist = models.PositiveSmallIntegerField(
        _("shortlist: at least"), default=25, validators=[MinValueValidator(1)]
    )
    max_shortlist = models.PositiveSmallIntegerField(
        _("shortlist: at most"), default=30, validators=[MinValueValidator(1)]
    )
    max_choices = models.PositiveSmallIntegerField(
        _("choices per ballot: at most"),
        default=16,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    honor_count = models.PositiveSmallIntegerField(
        _("number to honor"), default=16, validators=[MinValueValidator(1)]
    )
    opens_at = models.DateTimeField(_("voting opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(
        _("voting closes at"),
        null=True,
        blank=True,
        help_text=_("The first moment at which ballots are no longer accepted."),
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=PublicVoteState.choices,
        default=PublicVoteState.PREPARING,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PublicVoteQuerySet.as_manager()

    class Meta:
        # The table of the app it came from: moved without copying a row.
        db_table = "nominations_publicvote"
        verbose_name = _("public vote")
        verbose_name_plural = _("public votes")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_shortlist__gte=F("min_shortlist")),
                name="public_vote_shortlist_bounds_in_order",
            ),
            models.CheckConstraint(
                condition=Q(min_shortlist__gte=F("honor_count")),
                name="public_vote_shortlist_covers_honored",
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="public_vote_window_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        """The shortlist can be read by anyone once published."""
        return self.state != PublicVoteState.PREPARING

    @property
    def results_visible(self) -> bool:
        """Counts exist for nobody, staff included, before the vote is closed."""
        return self.state in (PublicVoteState.CLOSED, PublicVoteState.CONFIRMED)


def entry_photo_path(instance: ShortlistEntry, filename: str) -> str:
    """``public-vote/<vote public id>/<random uuid><extension of the detected kind>``: the
    uploaded name never reaches the path."""
    extension = ".png" if instance.photo_content_type == "image/png" else ".jpg"
    return f"public-vote/{instance.vote.public_id}/{uuid.uuid4().hex}{extension}"


class ShortlistEntry(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vote = models.ForeignKey(PublicVote, on_delete=models.CASCADE, related_name="entries")
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="shortlist_entries"
    )
    summary = models.CharField(_("public summary"), max_length=SUMMARY_MAX_LENGTH)
    photo = models.FileField(_("photo"), upload_to=entry_photo_path, max_length=200, blank=True)
    photo_content_type = models.CharField(max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "nominations_shortlistentry"
        verbose_name = _("shortlist entry")
        verbose_name_plural = _("shortlist entries")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "nomination"], name="shortlisted_once"),
        ]

    def __str__(self) -> str:
        return f"{self.vote_id}: {self.nomination_id}"


class EmailChallenge(models.Model):
    """A one-time code sent to an address; single use, expiring, with an attempts counter."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vote = models.ForeignKey(PublicVote, on_delete=models.CASCADE, related_name="challenges")
    voter_hash = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "nominations_emailchallenge"
        verbose_name = _("e-mail verification")
        verbose_name_plural = _("e-mail verifications")

    def __str__(self) -> str:
        return str(self.public_id)


class Ballot(models.Model):
    """One ballot per verified address and vote: the unique constraint is the real guard."""

    vote = models.ForeignKey(PublicVote, on_delete=models.PROTECT, related_name="ballots")
    voter_hash = models.CharField(max_length=64)
    receipt = models.CharField(_("receipt code"), max_length=16, unique=True)
    cast_at = models.DateTimeField(_("cast at"))

    class Meta:
        db_table = "nominations_ballot"
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["cast_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "voter_hash"], name="one_ballot_per_voter"),
        ]

    def __str__(self) -> str:
        return self.receipt


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="choices")
    entry = models.ForeignKey(ShortlistEntry, on_delete=models.PROTECT, related_name="choices")

    class Meta:
        db_table = "nominations_ballotchoice"
        constraints = [
            models.UniqueConstraint(fields=["ballot", "entry"], name="entry_chosen_once"),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}: {self.entry_id}"
