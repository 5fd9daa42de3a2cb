"""The party hierarchy, its people, their yearly ratings and inspection records, and accounts."""

from __future__ import annotations

import datetime
import functools
import unicodedata

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from core.audit.records import AppendOnlyQuerySet, ChainedRecord, append_only_triggers
from core.text import (
    SEARCH_KEY_LENGTH,
    SORT_KEY_LENGTH,
    name_sort_key,
    search_key,
    title_sort_key,
)

from .records import keys_changed
from .scoping import ScopedQuerySet, UniqueChecksSpanTheTree


def normalize_text(value: str) -> str:
    """NFC with folded white space: the same Vietnamese name typed two ways is one name."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


class KeyedQuerySet(models.QuerySet):
    """``bulk_create`` computes the search and sort keys ``save()`` would have computed."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.refresh_keys()
        return super().bulk_create(objs, *args, **kwargs)


class SearchKeys(models.Model):
    """A folded search key and a sort key, kept beside the name they are computed from.

    ``save()`` and ``bulk_create`` (``KeyedQuerySet``) refresh them; code that writes rows
    otherwise (``COPY``, ``bulk_update``, ``update()``) calls ``keys_for`` or ``refresh_keys``.
    On PostgreSQL the search key has a trigram index (migration ``committees.0006``), the sort
    key a B-tree index.
    """

    #: the fields the keys are computed from
    key_sources: tuple[str, ...] = ()

    search_key = models.CharField(max_length=SEARCH_KEY_LENGTH, blank=True, editable=False)
    sort_key = models.CharField(max_length=SORT_KEY_LENGTH, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        before = None if self._state.adding else self.search_key
        self.refresh_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.key_sources):
            kwargs["update_fields"] = {*update_fields, "search_key", "sort_key"}
        super().save(*args, **kwargs)
        if before is not None and before != self.search_key:
            keys_changed(type(self), [self.pk])

    @classmethod
    def keys_for(cls, *values: str) -> tuple[str, str]:
        raise NotImplementedError

    def refresh_keys(self) -> None:
        self.search_key, self.sort_key = self.keys_for(
            *(getattr(self, name) for name in self.key_sources)
        )


class UnitKind(models.TextChoices):
    THANH_UY = "thanh_uy", _("City Party Committee")
    TINH_UY = "tinh_uy", _("Provincial Party Committee")
    QUAN_UY = "quan_uy", _("Urban District Party Committee")
    HUYEN_UY = "huyen_uy", _("Rural District Party Committee")
    DANG_UY_TRUC_THUOC = "dang_uy_truc_thuoc", _("Party Committee directly under the city")
    DANG_UY_KHOI = "dang_uy_khoi", _("Bloc Party Committee")
    DANG_UY_XA = "dang_uy_xa", _("Commune, ward or special zone Party Committee")
    DANG_UY_CO_SO = "dang_uy_co_so", _("Grassroots Party Committee")
    CHI_BO_CO_SO = "chi_bo_co_so", _("Grassroots Party Cell")
    CHI_BO = "chi_bo", _("Party Cell")
    DOAN_THE = "doan_the", _("Fatherland Front or mass organisation")

    @classmethod
    def top_kinds(cls) -> frozenset[str]:
        return frozenset({cls.THANH_UY, cls.TINH_UY})

    @classmethod
    def cell_kinds(cls) -> frozenset[str]:
        return frozenset({cls.CHI_BO, cls.CHI_BO_CO_SO})

    @classmethod
    def grassroots_kinds(cls) -> frozenset[str]:
        """Units that are a grassroots party organisation (tổ chức cơ sở đảng)."""
        return frozenset({cls.DANG_UY_CO_SO, cls.DANG_UY_XA, cls.CHI_BO_CO_SO})

    @classmethod
    @functools.cache
    def party_kinds(cls) -> frozenset[str]:
        # Cached: ``cls.values`` builds every label, and ``ReviewLevel.matches`` asks per unit.
        return frozenset(k for k in cls.values if k != cls.DOAN_THE)


class UnitStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    MERGED = "merged", _("Merged")
    CLOSED = "closed", pgettext_lazy("unit status", "Closed")


class UnitQuerySet(KeyedQuerySet, MP_NodeQuerySet, ScopedQuerySet):
    scope_lookup = "path"
    # The tree itself is not refused: treebeard walks it from inside its own manager (children,
    # ancestors, moves), and a unit's name and place are what every picker and heading show.
    # What hangs below a unit (people, nominations, ratings, reports) is refused.
    require_scope = False

    def active(self):
        return self.filter(status=UnitStatus.ACTIVE)


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    def get_queryset(self):
        # treebeard builds its own queryset class; ours adds scoping on top of it.
        return UnitQuerySet(self.model, using=self._db).order_by("path")


class Unit(SearchKeys, MP_Node):
    """A party organisation or mass organisation, anywhere in the tree.

    Units are never deleted: a renamed, merged or closed unit keeps its row (and so every
    nomination that points at it), and the change is written to ``UnitChange``.
    """

    code = models.CharField(_("unit code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=UnitStatus.choices, default=UnitStatus.ACTIVE
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="absorbed_units",
    )
    # For documents: "Kiến An, ngày 27 tháng 02 năm 2023" and "Số 12-TTr/QU".
    place_name = models.CharField(_("place name on documents"), max_length=100, blank=True)
    document_symbol = models.CharField(_("document symbol"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitManager()

    key_sources = ("name", "code")

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active", closed_on__isnull=True, merged_into__isnull=True)
                | Q(status="closed", closed_on__isnull=False, merged_into__isnull=True)
                | Q(status="merged", closed_on__isnull=False, merged_into__isnull=False),
                name="unit_status_consistent",
            )
        ]
        indexes = [models.Index(fields=["sort_key"], name="unit_sort_order")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalize_text(self.name)
        self.code = self.code.strip()
        super().save(*args, **kwargs)

    @classmethod
    def keys_for(cls, name: str, code: str) -> tuple[str, str]:
        return search_key(name, code), title_sort_key(name)

    @property
    def is_active(self) -> bool:
        return self.status == UnitStatus.ACTIVE

    @property
    def is_top(self) -> bool:
        return self.kind in UnitKind.top_kinds()

    @property
    def is_cell(self) -> bool:
        return self.kind in UnitKind.cell_kinds()

    @property
    def is_grassroots(self) -> bool:
        return self.kind in UnitKind.grassroots_kinds()

    @property
    def is_party_organisation(self) -> bool:
        return self.kind in UnitKind.party_kinds()

    def contains(self, other: Unit) -> bool:
        """True when ``other`` is this unit or lies below it."""
        return other.path.startswith(self.path)

    def subtree(self):
        """This unit and everything below it, in one query."""
        return Unit.objects.filter(path__startswith=self.path)


class UnitChangeKind(models.TextChoices):
    CREATED = "created", _("Created")
    RENAMED = "renamed", _("Renamed")
    MOVED = "moved", _("Moved")
    MERGED = "merged", _("Merged into another unit")
    ABSORBED = "absorbed", _("Absorbed another unit")
    CLOSED = "closed", pgettext_lazy("unit status", "Closed")


class UnitChange(ChainedRecord):
    """Append-only history of the tree: what a unit was called and where it stood, and when.

    Written once, never changed or deleted, hash-chained (``audit.models.ChainedRecord``).
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="changes"
    )
    kind = models.CharField(_("change"), max_length=16, choices=UnitChangeKind.choices)
    effective_on = models.DateField(_("effective on"))
    old_value = models.CharField(_("before"), max_length=255, blank=True)
    new_value = models.CharField(_("after"), max_length=255, blank=True)
    related_unit = models.ForeignKey(
        Unit,
        verbose_name=_("related unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A default, not auto_now_add: the moment is known before the insert, so it is hashed.
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    chain_name = "units"
    chain_fields = (
        "unit",
        "kind",
        "effective_on",
        "old_value",
        "new_value",
        "related_unit",
        "note",
        "recorded_by",
        "recorded_at",
    )
    immutable_message = _("The history of a unit cannot be changed.")
    undeletable_message = _("The history of a unit cannot be deleted.")

    class Meta:
        verbose_name = _("unit change")
        verbose_name_plural = _("unit changes")
        ordering = ["-effective_on", "-id"]
        triggers = append_only_triggers()

    def __str__(self) -> str:
        return f"{self.unit.code} {self.get_kind_display()} {self.effective_on}"


class BodyKind(models.TextChoices):
    STANDING_COMMITTEE = "standing_committee", _("Standing committee")
    EXECUTIVE_COMMITTEE = "executive_committee", _("Executive committee")
    CELL_COMMITTEE = "cell_committee", _("Cell committee")
    ORGANISATION_COMMITTEE = "organisation_committee", _("Organisation committee")
    PROPAGANDA_COMMITTEE = "propaganda_committee", _("Propaganda and mass mobilisation committee")
    EMULATION_COUNCIL = "emulation_council", _("Emulation and commendation council")

    @classmethod
    def voting_kinds(cls) -> frozenset[str]:
        return frozenset(
            {
                cls.STANDING_COMMITTEE,
                cls.EXECUTIVE_COMMITTEE,
                cls.CELL_COMMITTEE,
                cls.EMULATION_COUNCIL,
            }
        )

    @classmethod
    def staff_kinds(cls) -> frozenset[str]:
        return frozenset(
            {cls.ORGANISATION_COMMITTEE, cls.PROPAGANDA_COMMITTEE, cls.EMULATION_COUNCIL}
        )


class BodyQuerySet(ScopedQuerySet):
    scope_lookup = "unit__path"


class Body(UniqueChecksSpanTheTree, models.Model):
    """A body of a level: the standing committee that votes, the staff body that appraises."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="bodies"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=255)
    member_count = models.PositiveSmallIntegerField(
        _("sitting members"), default=0, help_text=_("Members currently sitting on the body.")
    )

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [models.UniqueConstraint(fields=["unit", "kind"], name="one_body_per_kind")]

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class PersonQuerySet(KeyedQuerySet, ScopedQuerySet):
    scope_lookup = "unit__path"

    def party_members(self):
        return self.filter(is_party_member=True)

    def under_review_on(self, day: datetime.date):
        return self.filter(id__in=ReviewRecord.objects.active_on(day).values("person_id"))


class Person(UniqueChecksSpanTheTree, SearchKeys, models.Model):
    """A party member or a non-member (cadre, civil servant, worker, student)."""

    code = models.CharField(_("person code"), max_length=50, unique=True)
    # Not indexed: people are found by their search key and listed by their sort key; the
    # name sorts only the few rows of a unit. Two indexes here cost every import a fifth of
    # its COPY.
    full_name = models.CharField(_("full name"), max_length=255)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people"
    )
    is_party_member = models.BooleanField(_("party member"), default=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    phone = models.CharField(_("phone number"), max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    key_sources = ("full_name", "code")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        # As offices list people: by given name, then the rest, in Vietnamese order.
        ordering = ["sort_key", "code"]
        indexes = [models.Index(fields=["sort_key", "code"], name="person_sort_order")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = normalize_text(self.full_name)
        self.position = normalize_text(self.position)
        self.code = self.code.strip()
        super().save(*args, **kwargs)

    @classmethod
    def keys_for(cls, full_name: str, code: str) -> tuple[str, str]:
        return search_key(full_name, code), name_sort_key(full_name)

    def rating_for(self, year: int) -> PersonRating | None:
        return self.ratings.filter(year=year).first()

    def is_under_review_on(self, day: datetime.date) -> bool:
        return self.review_records.active_on(day).exists()


class Rating(models.TextChoices):
    """Annual quality rating (Quy định 124-QĐ/TW, then 366-QĐ/TW), best first."""

    HTXSNV = "HTXSNV", _("Excellently completed duties")
    HTTNV = "HTTNV", _("Well completed duties")
    HTNV = "HTNV", _("Completed duties")
    KHTNV = "KHTNV", _("Did not complete duties")

    @classmethod
    def rank(cls, value: str) -> int:
        """0 for the best rating; a larger number is worse."""
        return _RATING_RANKS[value]

    @classmethod
    def at_least(cls, value: str | None, minimum: str) -> bool:
        return value is not None and cls.rank(value) <= cls.rank(minimum)


score_validators = [MinValueValidator(0), MaxValueValidator(100)]


# Built once from the members (``Rating.values`` would build every translated label): the final
# list asks for thousands of ranks.
_RATING_RANKS = {member.value: rank for rank, member in enumerate(Rating)}


class RatingQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(year=year)

    def latest_on_or_before(self, year: int):
        """The most recent rating at or before ``year`` (ratings are given after each year)."""
        return self.filter(year__lte=year).order_by("-year").first()


class PersonRatingQuerySet(RatingQuerySet, ScopedQuerySet):
    scope_lookup = "person__unit__path"


class UnitRatingQuerySet(RatingQuerySet, ScopedQuerySet):
    scope_lookup = "unit__path"


class RatingBase(models.Model):
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1930), MaxValueValidator(2200)]
    )
    rating = models.CharField(_("rating"), max_length=8, choices=Rating.choices)
    # Quy định 366-QĐ/TW scores on 100 points; older ratings have no score.
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=score_validators
    )

    class Meta:
        abstract = True


class PersonRating(UniqueChecksSpanTheTree, RatingBase):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="ratings"
    )

    objects = PersonRatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("member rating")
        verbose_name_plural = _("member ratings")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="one_rating_per_person_year")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.year}: {self.rating}"


class UnitRating(UniqueChecksSpanTheTree, RatingBase):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="ratings"
    )

    objects = UnitRatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation rating")
        verbose_name_plural = _("organisation ratings")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_rating_per_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.rating}"


class ReviewKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection for signs of violation")
    DISCIPLINE_REVIEW = "discipline_review", _("Discipline review")
    DISCIPLINE = "discipline", _("Disciplined (penalty in force)")


class ReviewRecordQuerySet(ScopedQuerySet):
    scope_lookup = "person__unit__path"

    def active_on(self, day: datetime.date):
        """Records open on ``day``: started on or before it, not ended before it."""
        return self.filter(started_on__lte=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day)
        )


class ReviewRecord(UniqueChecksSpanTheTree, models.Model):
    """An inspection, a discipline review or a penalty, from its start to its end (inclusive).

    A person is "under inspection or discipline review" on a day when a record is open on it.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="review_records"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=ReviewKind.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Empty while the matter is still open.")
    )
    reference = models.CharField(_("decision number"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = ReviewRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection or discipline record")
        verbose_name_plural = _("inspection and discipline records")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="review_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} {self.started_on}"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)


class Role(models.TextChoices):
    CELL_SECRETARY = "cell_secretary", _("Cell secretary")
    STAFF = "staff", _("Organisation committee staff")
    STANDING_MEMBER = "standing_member", _("Standing committee member")
    ADMIN = "admin", _("Administrator")


class AccountManager(UserManager):
    def get_queryset(self):
        # The unit travels with the user: every request needs its path for scoping.
        return super().get_queryset().select_related("unit")


class User(AbstractUser):
    """An account: one role at one unit, acting only inside that unit's subtree."""

    full_name = models.CharField(_("full name"), max_length=255, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    person = models.ForeignKey(
        Person,
        verbose_name=_("member record"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accounts",
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Set when someone else chose the password (an initial password, an import, a reset by
    # an admin): the user must choose their own before doing anything else.
    must_change_password = models.BooleanField(_("must change password"), default=False)
    # Staff whom the unit's admin entrusts with the accounts of the subtree.
    can_manage_accounts = models.BooleanField(_("may manage accounts"), default=False)
    notify_by_email = models.BooleanField(_("notifications by e-mail"), default=True)
    # One e-mail a day listing the day's notices instead of one e-mail per notice.
    email_digest = models.BooleanField(
        _("daily digest instead of one e-mail per notice"), default=False
    )

    objects = AccountManager()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.CheckConstraint(
                condition=Q(role="") | Q(unit__isnull=False), name="role_needs_unit"
            )
        ]

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        self.full_name = normalize_text(self.full_name)
        super().save(*args, **kwargs)

    @property
    def is_cell_secretary(self) -> bool:
        return self.role == Role.CELL_SECRETARY

    @property
    def is_level_staff(self) -> bool:
        return self.role == Role.STAFF

    @property
    def is_standing_member(self) -> bool:
        return self.role == Role.STANDING_MEMBER

    @property
    def is_unit_admin(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser
