"""A commendation campaign and its rules: levels, categories, eligibility, quotas, caps, deadlines.

Every rule is data here, so an admin configures a new campaign without code; the checks that read
these rows are pure functions in ``campaigns.rules_engine``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from committees.models import BodyKind, Rating, Unit, UnitKind

from .awards import AwardRules, award_rules


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Campaigns run by the user's unit or any unit above it, or inside the user's subtree.

        A cell secretary must see the city's campaign; a city admin sees every campaign below.
        """
        from committees.scoping import EVERYTHING, scope_prefix

        prefix = scope_prefix(user)
        if prefix is None:
            return self.none()
        if prefix == EVERYTHING:
            return self.all()
        steplen = Unit.steplen
        ancestors = [prefix[: n * steplen] for n in range(1, len(prefix) // steplen + 1)]
        return self.filter(Q(organiser__path__in=ancestors) | Q(organiser__path__startswith=prefix))


class Campaign(models.Model):
    code = models.SlugField(_("code"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    organiser = models.ForeignKey(
        Unit,
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="organised_campaigns",
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    rating_year = models.PositiveSmallIntegerField(
        _("rating year"),
        help_text=_("The year whose annual ratings count as 'the latest year' for eligibility."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    filing_kinds = models.JSONField(
        _("kinds of units that file"),
        default=list,
        help_text=_("E.g. party cells and grassroots cells."),
    )
    description = models.TextField(_("description"), blank=True)
    # The achievement report's form: a template under templates/documents/achievement/, so a
    # new decree's form is a new template file, chosen here (empty: the plain summary).
    achievement_form = models.CharField(_("achievement report form"), max_length=100, blank=True)
    report_max_pages = models.PositiveSmallIntegerField(
        _("achievement report: at most this many A4 pages"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    # Seed 002's public vote: {"min_shortlist", "max_shortlist", "max_choices",
    # "honor_count"}, the defaults of the campaign's vote; empty: the campaign has none.
    public_vote_rules = models.JSONField(_("public vote"), null=True, blank=True)
    # The forms of commendation, the decision's wording and the certificate's layout
    # (``campaigns.awards``); null: the defaults.
    award_rules = models.JSONField(_("commendations and certificates"), null=True, blank=True)
    # The fields (lĩnh vực) a nomination is filed under, as the campaign's plan lists them; an
    # empty list lets the filer type any field.
    fields_of_work = models.JSONField(_("fields of work"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="campaign_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def level_played_by(self, unit: Unit) -> ReviewLevel | None:
        """The level ``unit`` plays in this campaign: the highest one it matches, or None.

        Reads ``self.levels.all()``, so a prefetched campaign costs no query."""
        matching = [lvl for lvl in self.levels.all() if lvl.matches(unit, self.organiser)]
        return max(matching, key=lambda lvl: lvl.position) if matching else None

    def files_from(self, unit: Unit) -> bool:
        """Whether units of ``unit``'s kind file nominations in this campaign."""
        return unit.kind in (self.filing_kinds or [])

    def level_above(self, level: ReviewLevel) -> ReviewLevel | None:
        above = [lvl for lvl in self.levels.all() if lvl.position > level.position]
        return min(above, key=lambda lvl: lvl.position) if above else None

    @property
    def top_level_forwards(self) -> bool:
        """Whether the top level sends a dossier to the organiser's own superior (seed 004: the
        district's allocation for the city), and so writes a tờ trình too."""
        levels = list(self.levels.all())
        return bool(levels) and max(levels, key=lambda lvl: lvl.position).can_forward

    @property
    def awards(self) -> AwardRules:
        """The forms of commendation, the decision's wording and the certificate's layout,
        with the defaults where the campaign says nothing (``campaigns.awards``)."""
        positions = [lvl.position for lvl in self.levels.all() if lvl.can_honor]
        return award_rules(self.award_rules, honoring_positions=positions)


class Placement(models.TextChoices):
    """Where a reviewing level sits, by its place in the tree rather than a list of unit types.

    One campaign then runs on a tree with a district tier and on one without it.
    """

    ORGANISER = "organiser", _("The organising unit itself")
    UNDER_ORGANISER = "under_organiser", _("Units directly under the organising unit")
    GRASSROOTS = "grassroots", _("Grassroots party committees")
    KINDS = "kinds", _("Units of the listed kinds")


class Rounding(models.TextChoices):
    FLOOR = "floor", _("Round down")
    HALF_UP = "half_up", _("Round to nearest")
    CEIL = "ceil", _("Round up")


class CapBase(models.TextChoices):
    HONORED_HERE = "honored_here", _("Individuals honored at this level")
    RECEIVED_HERE = "received_here", _("Nominations received at this level")


class ReviewLevel(models.Model):
    """One reviewing level of a campaign, bottom (1) to top."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="levels")
    position = models.PositiveSmallIntegerField(_("order, from the bottom"))
    name = models.CharField(_("name"), max_length=200)
    placement = models.CharField(_("placement"), max_length=24, choices=Placement.choices)
    kinds = models.JSONField(
        _("unit kinds"),
        default=list,
        blank=True,
        help_text=_("Only for the placement 'units of the listed kinds'."),
    )
    appraising_body = models.CharField(
        _("appraising body"),
        max_length=32,
        choices=BodyKind.choices,
        default=BodyKind.ORGANISATION_COMMITTEE,
    )
    voting_body = models.CharField(
        _("voting body"),
        max_length=32,
        choices=BodyKind.choices,
        blank=True,
        help_text=_("Empty when this level only appraises and passes nominations on."),
    )
    can_honor = models.BooleanField(_("honors at this level"), default=False)
    can_forward = models.BooleanField(_("forwards to the next level"), default=True)
    forward_cap_percent = models.PositiveSmallIntegerField(
        _("forwarding cap (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    cap_base = models.CharField(
        _("cap base"), max_length=16, choices=CapBase.choices, default=CapBase.HONORED_HERE
    )
    cap_rounding = models.CharField(
        _("cap rounding"), max_length=8, choices=Rounding.choices, default=Rounding.FLOOR
    )
    opens_at = models.DateTimeField(
        _("receives from"),
        null=True,
        blank=True,
        help_text=_("Nominations cannot be sent to this level before this moment."),
    )
    closes_at = models.DateTimeField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("The first moment at which nominations are no longer accepted."),
    )

    class Meta:
        verbose_name = _("reviewing level")
        verbose_name_plural = _("reviewing levels")
        ordering = ["campaign", "position"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "position"], name="one_level_per_position"),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="level_window_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.code} · {self.position}. {self.name}"

    def matches(self, unit: Unit, organiser: Unit) -> bool:
        """Whether ``unit`` sits where this level does, inside the campaign's organiser."""
        if not organiser.contains(unit):
            return False
        if self.placement == Placement.ORGANISER:
            return unit.pk == organiser.pk
        if self.placement == Placement.UNDER_ORGANISER:
            return unit.depth == organiser.depth + 1 and unit.is_party_organisation
        if self.placement == Placement.GRASSROOTS:
            return unit.kind in UnitKind.grassroots_kinds()
        return unit.kind in (self.kinds or [])

    def unit_filter(self, organiser: Unit) -> Q:
        """``matches`` as a filter on units, for counting them in the database."""
        inside = Q(path__startswith=organiser.path)
        if self.placement == Placement.ORGANISER:
            return Q(pk=organiser.pk)
        if self.placement == Placement.UNDER_ORGANISER:
            return inside & Q(depth=organiser.depth + 1, kind__in=UnitKind.party_kinds())
        if self.placement == Placement.GRASSROOTS:
            return inside & Q(kind__in=UnitKind.grassroots_kinds())
        return inside & Q(kind__in=self.kinds or [])


class NomineeKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")


class Category(models.Model):
    """A commendation category with its eligibility criteria."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    nominee_kind = models.CharField(
        _("nominee kind"),
        max_length=16,
        choices=NomineeKind.choices,
        default=NomineeKind.INDIVIDUAL,
    )
    description = models.TextField(_("description"), blank=True)
    # Eligibility, computed from the data on the day of each action.
    party_members_only = models.BooleanField(_("party members only"), default=True)
    min_person_rating = models.CharField(
        _("minimum personal rating"), max_length=8, choices=Rating.choices, blank=True
    )
    min_unit_rating = models.CharField(
        _("minimum rating of the nominee's party organisation"),
        max_length=8,
        choices=Rating.choices,
        blank=True,
    )
    exclude_under_review = models.BooleanField(
        _("exclude people under inspection or discipline review"), default=True
    )
    required_position = models.CharField(
        _("required position"),
        max_length=100,
        blank=True,
        help_text=_(
            "A recorded position must begin with it, e.g. 'Bí thư chi bộ' (a deputy, "
            "'Phó Bí thư chi bộ', does not match)."
        ),
    )
    # The qualitative criteria (01-KL/TW): the filer confirms, the appraiser verifies.
    checklist = models.JSONField(_("qualitative criteria"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["campaign", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="category_code_per_campaign")
        ]

    def __str__(self) -> str:
        return self.name


class QuotaScope(models.TextChoices):
    FILED = "filed", _("Nominations a unit files")
    FORWARDED = "forwarded", _("Nominations a unit forwards to the next level")


class Quota(models.Model):
    """How many nominations a unit may file (or forward), by unit kind or for one unit.

    "1 collective OR 1 individual" is max_individuals=1, max_collectives=1, max_total=1.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="quotas")
    scope = models.CharField(
        _("applies to"), max_length=16, choices=QuotaScope.choices, default=QuotaScope.FILED
    )
    unit_kinds = models.JSONField(_("unit kinds"), default=list, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("allocated to unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A fixed allocation for one unit; overrides the quota by kind."),
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quotas",
        help_text=_("Empty: counts every category together."),
    )
    max_individuals = models.PositiveSmallIntegerField(
        _("at most, individuals"), null=True, blank=True
    )
    max_collectives = models.PositiveSmallIntegerField(
        _("at most, collectives"), null=True, blank=True
    )
    max_total = models.PositiveSmallIntegerField(_("at most, in all"), null=True, blank=True)
    min_total = models.PositiveSmallIntegerField(_("at least, in all"), null=True, blank=True)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.CheckConstraint(
                condition=~Q(unit_kinds=[]) | Q(unit__isnull=False), name="quota_has_a_target"
            )
        ]

    def __str__(self) -> str:
        target = self.unit.name if self.unit_id else ", ".join(self.unit_kinds)
        return f"{self.campaign.code}: {target}"


class GeneratedDocument(models.TextChoices):
    """The documents the product writes itself, which a required document may be attached as
    a generated copy of (in one click, from what the nomination holds)."""

    ACHIEVEMENT_REPORT = "achievement_report", _("Achievement report (from the typed summary)")
    FORM_1 = "mau_1", _("Registration form (Mẫu 1)")
    NOMINEE_LIST = "danh_sach", _("Summary list (danh sách trích ngang)")


class DocumentRequirement(models.Model):
    """A document each nomination (of a category, or of every category) must carry."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="document_requirements"
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    required = models.BooleanField(_("required"), default=True)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    # Seed 004: 2 copies for the district's own review, 3 in the dossier the district sends
    # to the city. Empty: the same number of copies all the way up.
    copies_to_superior = models.PositiveSmallIntegerField(
        _("copies in the dossier sent above the organiser"),
        null=True,
        blank=True,
    )
    # The product writes this document itself: the filer may attach a generated copy of it.
    generated_from = models.CharField(
        _("generated from"), max_length=40, blank=True, choices=GeneratedDocument.choices
    )
    # A generated copy stands for the document only until then: the signed (stamped) copy
    # must be scanned and uploaded for the dossier to be complete.
    signed_copy_required = models.BooleanField(_("signed copy required"), default=False)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["campaign", "id"]

    def __str__(self) -> str:
        return self.name

    def copies_for(self, *, to_superior: bool) -> int:
        """The copies a dossier carries: sent above the organiser, or reviewed inside it."""
        return (self.copies_to_superior or self.copies) if to_superior else self.copies


# --- emulation movements: "chi bộ bốn tốt", "đảng bộ cơ sở bốn tốt" (seed 001) ------------------


class Movement(models.Model):
    """A campaign that runs over several years, with a yearly evaluation of four criteria.

    The thresholds are data: the seed's are 100% of a cell's members, 90% of a đảng bộ's
    members and 3/4 of a đảng bộ's cells; the checks are ``movements.rules``.
    """

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="movement"
    )
    first_year = models.PositiveSmallIntegerField(
        _("first year evaluated"), validators=[MinValueValidator(1930), MaxValueValidator(2200)]
    )
    last_year = models.PositiveSmallIntegerField(
        _("last year evaluated"), validators=[MinValueValidator(1930), MaxValueValidator(2200)]
    )
    cell_member_percent = models.PositiveSmallIntegerField(
        _("cell: members rated HTTNV or better (%)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    committee_member_percent = models.PositiveSmallIntegerField(
        _("đảng bộ: members rated HTTNV or better (%)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    cells_numerator = models.PositiveSmallIntegerField(
        _("đảng bộ: share of its cells that are bốn tốt, numerator"),
        default=3,
        validators=[MinValueValidator(1)],
    )
    cells_denominator = models.PositiveSmallIntegerField(
        _("đảng bộ: share of its cells that are bốn tốt, denominator"),
        default=4,
        validators=[MinValueValidator(1)],
    )

    class Meta:
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")), name="movement_years_in_order"
            ),
            models.CheckConstraint(
                condition=Q(cells_numerator__lte=models.F("cells_denominator")),
                name="movement_cells_share_at_most_one",
            ),
        ]

    def __str__(self) -> str:
        return self.campaign.title

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


class MilestoneKind(models.TextChoices):
    REGISTRATION = "registration", _("Registration (Mẫu 1)")
    MID_TERM = "mid_term", _("Mid-term review report (sơ kết)")
    FINAL = "final", _("Final review report (tổng kết)")
    YEARLY = "yearly", _("Yearly evaluation")


class MilestoneLevel(models.TextChoices):
    """Who the deadline binds: the cells (chi bộ, chi bộ cơ sở) or the đảng bộ cơ sở."""

    CELLS = "cells", _("Party cells")
    COMMITTEES = "committees", _("Grassroots party committees")

    @classmethod
    def of(cls, unit_kind: str) -> str:
        return cls.CELLS if unit_kind in UnitKind.cell_kinds() else cls.COMMITTEES


class Milestone(models.Model):
    """A deadline of the movement for one level, an exact moment in Asia/Ho_Chi_Minh.

    A report milestone (sơ kết, tổng kết) names the campaign's ``ReportRequest`` instead of a
    deadline of its own: the request's ``due_at`` is the deadline, written in one place, and the
    units answer it through ``reports.services``."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("milestone"), max_length=16, choices=MilestoneKind.choices)
    level = models.CharField(_("level"), max_length=16, choices=MilestoneLevel.choices)
    deadline = models.DateTimeField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("The first moment at which it is late. Empty for a report milestone."),
    )
    report = models.ForeignKey(
        "ReportRequest",
        verbose_name=_("report request"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="milestones",
        help_text=_(
            "The report the units send for this milestone; its deadline is the milestone's."
        ),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("Only for a yearly evaluation.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["movement", "deadline", "level"]
        constraints = [
            # Two conditional constraints, since SQLite has no NULLS NOT DISTINCT.
            models.UniqueConstraint(
                fields=["movement", "kind", "level", "year"],
                condition=Q(year__isnull=False),
                name="one_milestone_per_kind_level_year",
            ),
            models.UniqueConstraint(
                fields=["movement", "kind", "level"],
                condition=Q(year__isnull=True),
                name="one_milestone_per_kind_level",
            ),
            # One deadline, in one place: the milestone's own or its report request's.
            models.CheckConstraint(
                condition=Q(deadline__isnull=False, report__isnull=True)
                | Q(deadline__isnull=True, report__isnull=False),
                name="milestone_deadline_or_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_level_display()}"

    @property
    def due_at(self):
        """The deadline: the milestone's own, or its report request's (select it along)."""
        return self.report.due_at if self.report_id else self.deadline


class ReportRequest(models.Model):
    """A report the campaign asks of its units (seed 004's sơ kết report, seed 001's sơ kết and
    tổng kết): written section by section after ``outline``, sent to the organiser by ``due_at``.

    ``outline`` is a list of ``{"number": "I", "title": ..., "guidance": ..., "required": true}``.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="report_requests")
    code = models.SlugField(_("code"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    outline = models.JSONField(_("outline"), default=list)
    unit_kinds = models.JSONField(
        _("kinds of units that report"),
        default=list,
        help_text=_("Units of these kinds inside the organising unit must send the report."),
    )
    due_at = models.DateTimeField(
        _("deadline"),
        help_text=_("The first moment at which reports are no longer accepted."),
    )
    allow_upload = models.BooleanField(_("a file may replace the written sections"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("report request")
        verbose_name_plural = _("report requests")
        ordering = ["campaign", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "code"], name="report_request_code_per_campaign"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def sections(self) -> list[dict]:
        return [s for s in (self.outline or []) if isinstance(s, dict)]

    def must_report(self, unit: Unit) -> bool:
        """Whether ``unit`` owes this report (reads the campaign's organiser): a unit of the
        listed kinds inside the organiser, or the organiser itself when its own kind is listed
        (seed 001: the ward's đảng bộ sends its sơ kết to the level above)."""
        return self.campaign.organiser.contains(unit) and unit.kind in (self.unit_kinds or [])
