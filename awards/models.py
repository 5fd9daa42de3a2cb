"""What makes an honor official, and what follows it: the decision (quyết định) of the body that
honored, its annex of those honored, the register that numbers decisions, the conference where
the certificates are handed over, and the report of results sent to the level above.

A decision is drafted from the data, then issued: from then on it never changes (``save`` refuses,
and on PostgreSQL a trigger refuses UPDATE and DELETE of an issued row). A decision that must be
withdrawn is annulled by a new decision of kind ``annul``, which names it.
"""

from __future__ import annotations

import uuid

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, ReviewLevel
from committees.models import Unit
from committees.scoping import ScopedQuerySet
from committees.symbols import unit_symbol
from nominations.models import Nomination


class NumberRegister(models.Model):
    """The last number a unit gave to its documents of one type in one year ("sổ đăng ký văn
    bản đi"). Its row is locked while a number is taken, so two clerks never get the same one."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="number_registers")
    type_code = models.CharField(_("document type"), max_length=8)  # "QĐ", "GM"
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("number register")
        verbose_name_plural = _("number registers")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "type_code", "year"], name="one_register_per_unit_type_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.type_code} · {self.year}: {self.last_number}"


class DecisionKind(models.TextChoices):
    HONOR = "honor", _("Commendation")
    ANNUL = "annul", _("Annulment")


class DecisionQuerySet(ScopedQuerySet):
    scope_lookup = "unit__path"

    def issued(self):
        return self.filter(issued_at__isnull=False)

    def drafts(self):
        return self.filter(issued_at__isnull=True)


class Decision(models.Model):
    """One decision of one unit's body in one campaign: a commendation (with its annex) or
    the annulment of an earlier one."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="decisions"
    )
    level = models.ForeignKey(
        ReviewLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField(
        _("kind"), max_length=8, choices=DecisionKind.choices, default=DecisionKind.HONOR
    )
    annuls = models.OneToOneField(
        "self",
        verbose_name=_("annuls"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="annulled_by",
    )
    body = models.CharField(_("issuing body"), max_length=32, default="standing_committee")
    form_code = models.CharField(_("form of commendation"), max_length=60, blank=True)
    # The wording, composed from the campaign's settings when drafted, editable until issued.
    subject = models.CharField(_("subject"), max_length=500)  # "về việc biểu dương …"
    bases = models.JSONField(_("legal bases"), default=list)  # each "Căn cứ …"
    articles = models.JSONField(_("articles"), default=list)  # Điều 1, 2, 3 … as text
    recipients = models.JSONField(_("recipients"), default=list)  # "Nơi nhận"
    on_behalf = models.CharField(_("on behalf of"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=255, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    # Given when issued, never before: the number (typed or from the register), its type and
    # year, the date written on the decision.
    type_code = models.CharField(_("document type"), max_length=8, default="QĐ")
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    issued_on = models.DateField(_("dated"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-issued_on", "-id"]
        constraints = [
            # A number is given once per unit, type and year, whoever typed or drew it.
            models.UniqueConstraint(
                fields=["unit", "type_code", "year", "number"],
                condition=Q(number__isnull=False),
                name="decision_number_once_per_unit_type_year",
            ),
            models.CheckConstraint(
                condition=Q(issued_at__isnull=True)
                | Q(number__isnull=False, year__isnull=False, issued_on__isnull=False),
                name="issued_decision_has_number_and_date",
            ),
            models.CheckConstraint(
                condition=Q(kind="honor", annuls__isnull=True)
                | Q(kind="annul", annuls__isnull=False),
                name="annulment_names_what_it_annuls",
            ),
        ]
        # The database's own refusal, whatever code reaches it: an issued row stays as issued.
        triggers = [
            pgtrigger.Protect(
                name="issued_decision_frozen",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__issued_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        # str(): a lazy translation is not a str, and the admin formats the object with %s.
        return self.reference or str(_("Draft decision"))

    def save(self, *args, **kwargs):
        # Once issued, a decision is a document of record: it is annulled, never edited. The
        # issuing itself saves the row that is still a draft in the database.
        if self.pk is not None:
            stored = Decision.objects.filter(pk=self.pk).values_list("issued_at", flat=True).first()
            if stored is not None:
                raise ValidationError(
                    _("An issued decision cannot be changed; annul it with a new one."),
                    code="decision_issued",
                )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_issued:
            raise ValidationError(
                _("An issued decision cannot be deleted; annul it with a new one."),
                code="decision_issued",
            )
        return super().delete(*args, **kwargs)

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None

    @property
    def number_text(self) -> str:
        """ "15-QĐ/QU"; empty before it is issued."""
        if self.number is None:
            return ""
        return f"{self.number}-{self.type_code}/{unit_symbol(self.unit)}"

    @property
    def reference(self) -> str:
        """ "Quyết định số 15-QĐ/QU ngày 20/01/2025": how records and documents cite it."""
        if not self.is_issued:
            return ""
        return f"Quyết định số {self.number_text} ngày {self.issued_on:%d/%m/%Y}"


class DecisionEntry(models.Model):
    """One line of a decision's annex: who is honored with which form. The names are copied
    when the line is written, so the annex reads as it was issued even after a rename."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="entries")
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="decision_entries"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    form_code = models.CharField(_("form of commendation"), max_length=60)
    nominee_name = models.CharField(_("name"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    unit_name = models.CharField(_("unit"), max_length=255, blank=True)
    achievement = models.TextField(_("achievement"), blank=True)  # the certificate's line
    # False once the decision is annulled: the nomination may then be in a new decision.
    live = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("annex line")
        verbose_name_plural = _("annex lines")
        ordering = ["decision", "order"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "order"], name="annex_order_unique"),
            # One nomination is in one live decision: never honored twice by decisions.
            models.UniqueConstraint(
                fields=["nomination"], condition=Q(live=True), name="nomination_in_one_decision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.nominee_name}"


class ConferenceQuerySet(ScopedQuerySet):
    scope_lookup = "unit__path"


class Conference(models.Model):
    """The conference at which a unit hands over its commendations (hội nghị biểu dương)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="conferences")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="conferences")
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=300)
    dress = models.CharField(_("dress code"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    seats_per_row = models.PositiveSmallIntegerField(_("seats per row"), default=10)
    # The rows in front are for the leaders and guests: the honored sit from this row on.
    first_row = models.PositiveSmallIntegerField(_("first row of the honored"), default=1)
    # The invitations' own number and date ("Số 25-GM/QU", "Ninh Kiều, ngày 20 tháng 01 năm
    # 2025"): blank, the number is left to be written by hand and the date is the printing day.
    number = models.CharField(_("number of the invitation"), max_length=20, blank=True)
    dated = models.DateField(_("date of the invitation"), null=True, blank=True)
    on_behalf = models.CharField(_("on behalf of"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-starts_at"]
        constraints = [
            # One conference per unit and campaign: its page, its invitations and its list.
            models.UniqueConstraint(
                fields=["campaign", "unit"], name="one_conference_per_unit_and_campaign"
            ),
            models.CheckConstraint(
                condition=Q(seats_per_row__gte=1), name="conference_seats_per_row_positive"
            ),
            models.CheckConstraint(
                condition=Q(first_row__gte=1), name="conference_first_row_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ResultsReportQuerySet(ScopedQuerySet):
    scope_lookup = "unit__path"


class ResultsReport(models.Model):
    """A level's report of the results of its own honoring, to the level above (seed 000
    III.6): the figures computed from the data when drafted, the text editable until sent."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="results_reports")
    level = models.ForeignKey(ReviewLevel, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="results_reports")
    recipient = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="received_results_reports"
    )
    figures = models.JSONField(_("figures"), default=dict)
    text = models.TextField(_("report"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResultsReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report of results")
        verbose_name_plural = _("reports of results")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], name="one_results_report_per_unit_and_campaign"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.campaign}"


class CertificateSettings(models.Model):
    """One office's printer offsets for one campaign's certificate blanks. The campaign file's
    ``offset_x_mm``/``offset_y_mm`` are the defaults; each unit that prints moves the text by
    its own printer's feed (found with the calibration page), without changing the campaign."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    offset_x_mm = models.DecimalField(
        _("shift to the right (mm)"), max_digits=4, decimal_places=1, default=0
    )
    offset_y_mm = models.DecimalField(
        _("shift down (mm)"), max_digits=4, decimal_places=1, default=0
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("certificate printer settings")
        verbose_name_plural = _("certificate printer settings")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "campaign"], name="one_certificate_setting_per_unit_campaign"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.campaign}: {self.offset_x_mm}, {self.offset_y_mm} mm"
