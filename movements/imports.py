"""Importing T1–T3 judgements from .xlsx or .csv, all or nothing, with the row numbers of every
error, on the machinery of ``committees.imports``. Importing the same file twice changes nothing
the second time (no history row either)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Movement
from committees.imports import values
from committees.imports.columns import UNIT_CODE, YEAR, Column
from committees.imports.importers import (
    INVALID,
    WRITE_BATCH,
    Importer,
    chunks,
    update_in_batches,
)
from committees.imports.reading import read_table
from committees.imports.results import ConversionNotConfirmed, ImportResult
from committees.imports.values import InvalidValue, lookup_key
from committees.models import Unit, UnitStatus
from movements.models import Judgement, JudgementChange

from .evaluation import EVALUATED_KINDS
from .services import Verdict, check_year

T1, T2, T3 = "T1", "T2", "T3"
PRESS = "Vi phạm do báo chí, nhân dân phát hiện"
ACHIEVED, NOT_ACHIEVED = "Đạt", "Không đạt"

JUDGEMENT_COLUMNS = (
    Column(UNIT_CODE, gettext_lazy("The code of the cell or đảng bộ judged."), text=True),
    Column(YEAR, gettext_lazy("The year judged, such as 2024.")),
    Column(T1, gettext_lazy("Political task: Đạt or Không đạt."), choices=(ACHIEVED, NOT_ACHIEVED)),
    Column(
        T2, gettext_lazy("Meeting quality: Đạt or Không đạt."), choices=(ACHIEVED, NOT_ACHIEVED)
    ),
    Column(
        T3,
        gettext_lazy("Unity and discipline: Đạt or Không đạt."),
        choices=(ACHIEVED, NOT_ACHIEVED),
    ),
    Column(
        PRESS,
        gettext_lazy(
            "Optional: Có when a member's violation was exposed by the press "
            "or the public rather than found by the unit (T3 then fails)."
        ),
        required=False,
        cell_required=False,
        choices=("Có", "Không"),
    ),
)

_VERDICTS = {
    lookup_key(ACHIEVED): True,
    lookup_key("Dat"): True,
    lookup_key(NOT_ACHIEVED): False,
    lookup_key("Khong dat"): False,
}


def parse_achieved(value) -> bool:
    answer = _VERDICTS.get(lookup_key(str(value)))
    if answer is None:
        raise InvalidValue(_("Write Đạt or Không đạt, not %(value)s.") % {"value": value})
    return answer


@dataclass
class JudgementPlan:
    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    result: ImportResult = field(default_factory=ImportResult)


class JudgementImporter(Importer):
    columns = JUDGEMENT_COLUMNS

    def __init__(self, movement: Movement, user=None):
        super().__init__(user)
        self.movement = movement
        self.now = timezone.now()

    def validate(self, rows):
        read_code = self.reader(UNIT_CODE, values.as_code)
        read_year = self.reader(YEAR, lambda v: values.parse_year(v, today=self.today))
        read_t1, read_t2, read_t3 = (self.reader(h, parse_achieved) for h in (T1, T2, T3))
        read_press = self.reader(PRESS, values.parse_yes_no, required=False)
        parsed, first_row = [], {}
        for number, row in rows:
            cells = (
                read_code(number, row),
                read_year(number, row),
                read_t1(number, row),
                read_t2(number, row),
                read_t3(number, row),
                read_press(number, row),
            )
            if INVALID in cells[:2]:
                continue
            code, year = cells[0], cells[1]
            if (code, year) in first_row:
                self.error(
                    number,
                    UNIT_CODE,
                    _("The unit %(code)s and the year %(year)s are already on row %(first)s.")
                    % {"code": code, "year": year, "first": first_row[code, year]},
                )
                continue
            first_row[code, year] = number
            problem = check_year(self.movement, year)
            if problem:
                self.error(number, YEAR, problem)
            if INVALID not in cells and not problem:
                parsed.append((number, *cells))
        units = self.units(sorted({row[0] for row in first_row}))
        checked = []
        for number, code, year, t1, t2, t3, press in parsed:
            unit = units.get(code)
            if unit is None:
                self.missing_unit(number, UNIT_CODE, code)
            elif self.restricted and not self.in_scope(unit[1]):
                self.outside(number, UNIT_CODE, code)
            elif self.restricted and unit[1] == self.prefix:
                self.error(number, UNIT_CODE, _("Your own unit is judged by the level above."))
            elif not unit[1].startswith(self.movement.campaign.organiser.path):
                self.error(
                    number, UNIT_CODE, _("%(unit)s is not part of this movement.") % {"unit": code}
                )
            elif unit[2] not in EVALUATED_KINDS:
                self.error(
                    number,
                    UNIT_CODE,
                    _("The unit %(code)s is neither a party cell nor a grassroots party committee.")
                    % {"code": code},
                )
            elif unit[3] != UnitStatus.ACTIVE:
                self.error(
                    number, UNIT_CODE, _("The unit %(code)s is merged or closed.") % {"code": code}
                )
            else:
                checked.append((unit[0], year, Verdict(t1, t2, t3, bool(press))))
        # Errors in rows left out above (unknown code, bad cells) are already recorded.
        if self.errors:
            return None
        return self.plan(checked)

    def units(self, codes: list[str]) -> dict[str, tuple]:
        found = {}
        for chunk in chunks(codes):
            for code, *rest in (
                Unit.objects.order_by()
                .filter(code__in=chunk)
                .values_list("code", "id", "path", "kind", "status")
            ):
                found[code] = tuple(rest)
        return found

    def plan(self, checked) -> JudgementPlan:
        plan = JudgementPlan()
        existing = {}
        unit_ids = sorted({unit_id for unit_id, _year, _verdict in checked})
        for chunk in chunks(unit_ids):
            for judgement in Judgement.objects.filter(movement=self.movement, unit_id__in=chunk):
                existing[judgement.unit_id, judgement.year] = judgement
        for unit_id, year, verdict in checked:
            judgement = existing.get((unit_id, year))
            if judgement is None:
                judgement = Judgement(movement=self.movement, unit_id=unit_id, year=year)
                plan.new.append(judgement)
            elif verdict.differs_from(judgement):
                plan.changed.append(judgement)
            else:
                plan.result.unchanged += 1
                continue
            for name in Verdict.FIELDS:
                setattr(judgement, name, getattr(verdict, name))
            judgement.judged_by = self.recorded_by
            judgement.judged_at = self.now
        plan.result.created, plan.result.updated = len(plan.new), len(plan.changed)
        return plan

    def write(self, plan: JudgementPlan) -> None:
        created = Judgement.objects.bulk_create(plan.new, batch_size=WRITE_BATCH)
        update_in_batches(Judgement, plan.changed, [*Verdict.FIELDS, "judged_by", "judged_at"])
        JudgementChange.objects.bulk_create(
            [
                JudgementChange(
                    judgement_id=j.pk,
                    political_task=j.political_task,
                    meeting_quality=j.meeting_quality,
                    unity_discipline=j.unity_discipline,
                    press_exposed_violation=j.press_exposed_violation,
                    notes=j.notes,
                    changed_by=self.recorded_by,
                    changed_at=self.now,
                    source="import",
                )
                for j in [*created, *plan.changed]
            ],
            batch_size=WRITE_BATCH,
        )


def import_judgements(
    movement: Movement,
    file,
    filename: str,
    *,
    user=None,
    dry_run: bool = False,
    legacy_encoding: str = "auto",
    conversions_confirmed: bool = True,
) -> ImportResult:
    """``user=None`` (the command) imports without restriction of scope; the legacy text
    options are those of ``committees.imports.import_file``."""
    table = read_table(
        file,
        filename,
        header_names=[column.header for column in JUDGEMENT_COLUMNS],
        legacy_encoding=legacy_encoding,
    )
    if table.conversions and not conversions_confirmed:
        raise ConversionNotConfirmed(table.conversions)
    result = JudgementImporter(movement, user).run(table, dry_run=dry_run)
    result.conversions = table.conversions
    return result
