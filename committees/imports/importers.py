"""The importers of units, people and ratings.

Each one works in two passes. The first validates every row in memory, against the existing
rows loaded by code in a few queries, and collects every error. Only when there is none does
the second pass write, in one transaction: units one by one through the tree services (they are
few, and each change is recorded), people and ratings in batches.

Codes are the keys: a row whose code exists updates that row when something differs, and is
left alone (not even its ``updated_at`` moves) when nothing does.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, MutableSequence, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, models, router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Person, PersonRating, SearchKeys, Unit, UnitRating, UnitStatus
from committees.records import keys_changed
from committees.scoping import EVERYTHING, scope_prefix
from committees.services import create_unit, move_unit, rename_unit
from core import generations
from core.lookups import AnyOf

from . import values
from .columns import (
    BIRTH_DATE,
    FULL_NAME,
    GENDER,
    PARENT_CODE,
    PARTY_MEMBER,
    PERSON_CODE,
    PERSON_COLUMNS,
    PERSON_RATING_COLUMNS,
    PHONE,
    POSITION,
    RATING,
    SCORE,
    UNIT_CODE,
    UNIT_COLUMNS,
    UNIT_KIND,
    UNIT_NAME,
    UNIT_RATING_COLUMNS,
    YEAR,
    Column,
)
from .reading import Table, refuse
from .results import ImportRefused, ImportResult, RowError
from .values import InvalidValue, lookup_key

HEADER_ROW = 1
#: codes per ``IN (...)`` query when loading existing rows (well under SQLite's variable limit)
LOOKUP_CHUNK = 2000
#: codes per ``= ANY(array)`` query on PostgreSQL
ARRAY_CHUNK = 20000
WRITE_BATCH = 2000
UPDATE_BATCH = 500
UNNEST_BATCH = 5000

#: a cell that was required but empty, or could not be read; its error is already recorded
INVALID = object()
#: distinct values per column whose parsed value (or refusal) a repeating column keeps
REPEAT_CACHE_SIZE = 50_000
#: rows taken off the table at a time by ``consumed``
CONSUME_CHUNK = 10_000


class _Refusal:
    """A cell value's refusal, kept to repeat it for every cell holding the same value."""

    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message


def consumed(rows: MutableSequence) -> Iterable:
    """The items of ``rows``, each taken off the list once used (a chunk at a time), so that a
    table's rows are freed as the importer turns them into its own, and the two never stand in
    memory together in full. The list is empty afterwards."""
    while rows:
        chunk = rows[:CONSUME_CHUNK]
        del rows[:CONSUME_CHUNK]
        yield from chunk


def chunks(items: Sequence, size: int = LOOKUP_CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def update_in_batches(model, objects: list, fields: list[str]) -> None:
    """``bulk_update`` in batches; on PostgreSQL one ``UPDATE ... FROM unnest(arrays)`` each.

    Django's ``bulk_update`` writes a ``CASE WHEN id = ...`` per field, which PostgreSQL
    evaluates row by row: 250,000 changed people took minutes instead of seconds.
    """
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objects, fields, batch_size=UPDATE_BATCH)
        return
    quote = connection.ops.quote_name
    columns = [model._meta.pk, *(model._meta.get_field(name) for name in fields)]
    key = quote(columns[0].column)
    assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in columns[1:])
    arrays = ", ".join(f"%s::{f.cast_db_type(connection)}[]" for f in columns)
    names = ", ".join(quote(f.column) for f in columns)
    # Only quoted names and column types of the model go into the text; values are parameters.
    sql = (
        f"UPDATE {quote(model._meta.db_table)} AS t SET {assignments} "  # noqa: S608
        f"FROM unnest({arrays}) AS v({names}) WHERE t.{key} = v.{key}"
    )
    with connection.cursor() as cursor:
        for batch in chunks(objects, UNNEST_BATCH):
            cursor.execute(
                sql,
                [
                    [
                        field.get_db_prep_save(getattr(obj, field.attname), connection)
                        for obj in batch
                    ]
                    for field in columns
                ],
            )


def matching(queryset: models.QuerySet, field: str, keys: Sequence) -> Iterable[models.QuerySet]:
    """``queryset`` restricted to ``field`` in ``keys``, as one queryset per chunk of keys."""
    if connections[queryset.db].vendor == "postgresql":
        for chunk in chunks(keys, ARRAY_CHUNK):
            yield queryset.filter(AnyOf(F(field), chunk))
    else:
        for chunk in chunks(keys, LOOKUP_CHUNK):
            yield queryset.filter(**{f"{field}__in": chunk})


def _stamps(model) -> list[models.DateTimeField]:
    """The ``auto_now`` and ``auto_now_add`` date-times of ``model``."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add)
    ]


def insert_rows(model, fields: Sequence[str], rows: Iterable[tuple]) -> None:
    """Create a ``model`` for each of ``rows``: the values of ``fields``, as the model's
    attributes hold them. The ``auto_now`` fields are set as ``save()`` would set them.

    On PostgreSQL this is one ``COPY``: ``bulk_create`` passes every value through its field and
    has psycopg quote it in Python, a third of the time of a 250,000-row import. ``COPY`` takes
    the values as they are, so they must be plain: text, numbers, booleans, dates, aware
    datetimes, ``None``; every other column must be the automatic primary key or a stamp.
    The search and sort keys of a ``SearchKeys`` model are computed here when not given.

    The rows are streamed, one at a time, keys included: no second list of every row is built,
    and PostgreSQL stores the first rows while the next are being prepared.
    """
    meta = model._meta
    if issubclass(model, SearchKeys) and "search_key" not in fields:
        # The keys ``save()`` would compute, from the row's own name and code.
        sources = [fields.index(name) for name in model.key_sources]
        fields = (*fields, "search_key", "sort_key")
        rows = _with_keys(model.keys_for, sources, rows)
    given = [meta.get_field(name) for name in fields]
    stamps = _stamps(model)
    left_out = set(meta.concrete_fields) - {*given, *stamps, meta.auto_field}
    if left_out or set(given) & set(stamps):
        raise ValueError(
            "insert_rows takes a value for every column but the automatic key "
            "and the auto_now stamps"
        )
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    rows = itertools.chain((first,), rows)
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        while batch := list(itertools.islice(rows, WRITE_BATCH)):
            model.objects.bulk_create(
                [model(**dict(zip(fields, row, strict=True))) for row in batch]
            )
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in [*given, *stamps])
    stamped = (timezone.now(),) * len(stamps)
    # Only quoted names of the model go into the text; the values travel as COPY data.
    sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
    with connection.wrap_database_errors, connection.cursor() as cursor, cursor.copy(sql) as copy:
        write = copy.write_row
        for row in rows:
            write(row + stamped)
    # COPY goes around the execute wrapper that sees every other write.
    generations.tables_changed(model, using=connection.alias)


def _with_keys(keys_for: Callable, sources: list[int], rows: Iterable[tuple]) -> Iterable[tuple]:
    """Each of ``rows`` followed by its search and sort keys."""
    if len(sources) == 2:  # the name and the code, spelled out: this runs for every row
        name, code = sources
        for row in rows:
            yield row + keys_for(row[name], row[code])
    else:
        for row in rows:
            yield row + keys_for(*(row[i] for i in sources))


class Importer:
    """Header matching, cell reading, error collection, scope and the all-or-nothing frame."""

    columns: tuple[Column, ...] = ()

    def __init__(self, user=None):
        self.user = user
        self.recorded_by = user if user is not None and user.is_authenticated else None
        self.prefix = EVERYTHING if user is None else scope_prefix(user)
        self.today = timezone.localdate()
        self.errors: list[RowError] = []
        self.positions: dict[str, int] = {}
        self.header_order: dict[str, int] = {}
        self.header_row = HEADER_ROW

    # --- the frame ------------------------------------------------------------------------

    def run(self, table: Table, *, dry_run: bool = False) -> ImportResult:
        self.header_row = table.header_row
        self.match_headers(table.headers)
        self.stop_on_errors()
        plan = self.validate(table.rows)
        self.stop_on_errors()
        if dry_run:
            return plan.result
        try:
            with transaction.atomic():
                self.write(plan)
        except IntegrityError:
            raise refuse(
                _(
                    "The data changed while the file was being imported, so nothing was "
                    "written. Please import the file again."
                )
            ) from None
        return plan.result

    def validate(self, rows: MutableSequence[tuple[int, tuple]]):
        raise NotImplementedError

    def write(self, plan) -> None:
        raise NotImplementedError

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))

    def stop_on_errors(self) -> None:
        if self.errors:
            # By row, then as the columns stand in the file; missing columns last.
            order = {"": -1, **self.header_order}
            raise ImportRefused(
                sorted(self.errors, key=lambda e: (e.row, order.get(e.column, len(order))))
            )

    # --- headers --------------------------------------------------------------------------

    def match_headers(self, headers: list[str | None]) -> None:
        known = {column.key: column for column in self.columns}
        for index, header in enumerate(headers):
            if header is None:
                continue
            column = known.get(lookup_key(header))
            self.header_order.setdefault(column.header if column else header, index)
            if column is None:
                self.error(
                    self.header_row,
                    header,
                    _("Unknown column. The columns of this file are: %(expected)s.")
                    % {"expected": self.expected()},
                )
            elif column.header in self.positions:
                self.error(self.header_row, header, _("This column appears twice."))
            else:
                self.positions[column.header] = index
        for column in self.columns:
            if column.required and column.header not in self.positions:
                self.error(self.header_row, column.header, _("This column is missing."))

    def expected(self) -> str:
        return ", ".join(column.header for column in self.columns)

    # --- cells ----------------------------------------------------------------------------

    def reader(
        self, header: str, parse: Callable, *, required: bool = True, repeats: bool = False
    ) -> Callable:
        """A function ``(row number, values) -> value`` for one column: the parsed value,
        ``None`` for an empty optional cell, or ``INVALID`` once the error is recorded.

        ``repeats`` says that the column holds few distinct texts (genders, unit codes, dates):
        each text is then parsed once, and its value or refusal repeated for the cells that
        hold it again. ``parse`` must depend on the text alone."""
        position = self.positions.get(header)
        error = self.error
        empty = _("This cell is empty, but it is required.")

        def read(number: int, row: tuple):
            value = row[position] if position is not None and position < len(row) else None
            if value is None:
                if required:
                    error(number, header, empty)
                    return INVALID
                return None
            try:
                return parse(value)
            except InvalidValue as exc:
                error(number, header, exc.message)
                return INVALID

        if not repeats:
            return read
        seen: dict[str, object] = {}

        def read_repeated(number: int, row: tuple):
            value = row[position] if position is not None and position < len(row) else None
            if value.__class__ is not str:  # also None; 1 == 1.0 == True as keys
                return read(number, row)
            parsed = seen.get(value, seen)
            if parsed is seen:
                try:
                    parsed = parse(value)
                except InvalidValue as exc:
                    parsed = _Refusal(exc.message)
                if len(seen) < REPEAT_CACHE_SIZE:
                    seen[value] = parsed
            if parsed.__class__ is _Refusal:
                error(number, header, parsed.message)
                return INVALID
            return parsed

        return read_repeated

    def duplicate(self, number: int, column: str, code: str, first: int) -> None:
        self.error(
            number,
            column,
            _("The code %(code)s is already on row %(first)s.") % {"code": code, "first": first},
        )

    # --- scope ----------------------------------------------------------------------------

    @property
    def restricted(self) -> bool:
        return self.prefix != EVERYTHING

    def in_scope(self, path: str) -> bool:
        return self.prefix is not None and path.startswith(self.prefix)

    def outside(self, number: int, column: str, code: str) -> None:
        self.error(
            number, column, _("The unit %(code)s is outside your organisation.") % {"code": code}
        )

    def missing_unit(self, number: int, column: str, code: str) -> None:
        self.error(number, column, _("The unit code %(code)s does not exist.") % {"code": code})


# --- units -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExistingUnit:
    id: int
    code: str
    name: str
    kind: str
    status: str
    path: str


@dataclass
class UnitRow:
    number: int
    code: str
    name: str
    kind: str
    parent: str | None
    valid: bool


@dataclass
class UnitPlan:
    rows: list[UnitRow]  # in the order to write them: every parent before its children
    result: ImportResult


class UnitImporter(Importer):
    """Units may come in any order; parents are in the database or anywhere in the file."""

    columns = UNIT_COLUMNS

    def validate(self, rows):
        existing = {
            unit.code: unit
            for unit in (
                ExistingUnit(*values)
                for values in Unit.objects.order_by().values_list(
                    "id", "code", "name", "kind", "status", "path"
                )
            )
        }
        code_at = {unit.path: unit.code for unit in existing.values()}
        self.existing = existing
        self.db_parent = {
            unit.code: code_at.get(unit.path[: -Unit.steplen]) for unit in existing.values()
        }

        file_rows = self.parse(rows)
        self.file_rows = file_rows
        for row in file_rows.values():
            self.check_row(row)
        if not self.check_cycles() and self.restricted:
            faulty = {error.row for error in self.errors}
            for row in file_rows.values():
                if row.valid and row.number not in faulty:
                    self.check_parent_scope(row)
        if self.errors:
            return None
        return self.plan()

    def parse(self, rows) -> dict[str, UnitRow]:
        read_code = self.reader(UNIT_CODE, values.as_code)
        read_name = self.reader(UNIT_NAME, values.as_text)
        read_kind = self.reader(UNIT_KIND, values.parse_unit_kind)
        read_parent = self.reader(PARENT_CODE, values.as_code, required=False)
        file_rows: dict[str, UnitRow] = {}
        for number, row in rows:
            code, name = read_code(number, row), read_name(number, row)
            kind, parent = read_kind(number, row), read_parent(number, row)
            if code is INVALID:
                continue
            if code in file_rows:
                self.duplicate(number, UNIT_CODE, code, file_rows[code].number)
                continue
            valid = INVALID not in (name, kind, parent)
            file_rows[code] = UnitRow(number, code, name, kind, parent, valid)
        return file_rows

    def check_row(self, row: UnitRow) -> None:
        if not row.valid:
            return
        number, code, parent = row.number, row.code, row.parent
        current = self.existing.get(code)
        old_parent = self.db_parent[code] if current is not None else None
        placed = current is None or parent != old_parent  # created, or moved
        if parent is not None and placed:
            if parent == code:
                self.error(number, PARENT_CODE, _("A unit cannot be its own parent unit."))
            elif parent not in self.file_rows and parent not in self.existing:
                self.error(
                    number,
                    PARENT_CODE,
                    _("The parent unit %(code)s is neither in the system nor in this file.")
                    % {"code": parent},
                )
            elif parent in self.existing and self.existing[parent].status != UnitStatus.ACTIVE:
                self.error(
                    number,
                    PARENT_CODE,
                    _("The unit %(code)s is merged or closed.") % {"code": parent},
                )
        if current is None:
            if parent is None and self.restricted:
                self.error(number, PARENT_CODE, _("Only a superuser can create a top-level unit."))
            return
        if self.restricted and not self.in_scope(current.path):
            self.outside(number, UNIT_CODE, code)
            return
        changed = (row.name, row.kind, parent) != (current.name, current.kind, old_parent)
        if changed and current.status != UnitStatus.ACTIVE:
            self.error(
                number,
                UNIT_CODE,
                _("The unit %(code)s is merged or closed and cannot be changed.") % {"code": code},
            )
        if parent is None and old_parent is not None:
            self.error(
                number,
                PARENT_CODE,
                _(
                    "An existing unit cannot be made a top-level unit by an import; its "
                    "current parent unit is %(code)s."
                )
                % {"code": old_parent},
            )

    def final_parent(self, code: str) -> str | None:
        """The parent of ``code`` once the file is imported (None at the top or when unknown)."""
        row = self.file_rows.get(code)
        if row is None:
            return self.db_parent.get(code)
        return None if row.parent is INVALID else row.parent

    def check_cycles(self) -> bool:
        """Refuse parents that would make a loop, counting moves made by the file itself."""
        settled: set[str] = set()
        found = False
        for start in self.file_rows:
            chain: list[str] = []
            seen: dict[str, int] = {}
            code = start
            while code is not None and code not in settled and code not in seen:
                seen[code] = len(chain)
                chain.append(code)
                code = self.final_parent(code)
            if code is not None and code in seen:
                loop = chain[seen[code] :]
                found = True
                described = " → ".join([*loop, loop[0]])
                for member in loop:
                    row = self.file_rows.get(member)
                    if row is not None and member != row.parent:  # self-parent: reported
                        self.error(
                            row.number,
                            PARENT_CODE,
                            _(
                                "A unit would end up under itself: %(units)s (each "
                                "unit under the next)."
                            )
                            % {"units": described},
                        )
            settled.update(chain)
        return found

    def final_chain(self, code: str) -> list[str]:
        chain = []
        while code is not None:
            chain.append(code)
            code = self.final_parent(code)
        return chain

    def check_parent_scope(self, row: UnitRow) -> None:
        """A restricted admin may place units only inside their own unit's subtree."""
        current = self.existing.get(row.code)
        if current is not None and row.parent == self.db_parent[row.code]:
            return  # staying where it is; the unit itself was checked
        own = getattr(self.user.unit, "code", None)
        if row.parent is not None and own not in self.final_chain(row.parent):
            self.outside(row.number, PARENT_CODE, row.parent)

    def plan(self) -> UnitPlan:
        depth: dict[str, int] = {}

        def depth_of(code: str) -> int:
            if code not in depth:
                depth[code] = len(self.final_chain(code))
            return depth[code]

        result = ImportResult()
        order = []
        for row in sorted(self.file_rows.values(), key=lambda r: (depth_of(r.code), r.number)):
            current = self.existing.get(row.code)
            if current is None:
                result.created += 1
            elif (row.name, row.kind, row.parent) == (
                current.name,
                current.kind,
                self.db_parent[row.code],
            ):
                result.unchanged += 1
                continue
            else:
                result.updated += 1
            order.append(row)
        return UnitPlan(order, result)

    def write(self, plan: UnitPlan) -> None:
        for row in plan.rows:
            try:
                self.write_row(row)
            except ValidationError as exc:  # the services disagree: the tree changed meanwhile
                raise ImportRefused(
                    [RowError(row.number, UNIT_CODE, " ".join(exc.messages))]
                ) from None

    def write_row(self, row: UnitRow) -> None:
        by, today = self.recorded_by, self.today
        current = self.existing.get(row.code)
        if current is None:
            # Parents come first in the plan, so a parent from the file exists by now.
            parent = Unit.objects.get(code=row.parent) if row.parent else None
            create_unit(
                parent=parent,
                code=row.code,
                name=row.name,
                kind=row.kind,
                by=by,
                effective_on=today,
            )
            return
        unit = Unit.objects.get(pk=current.id)
        if row.name != current.name:
            unit = rename_unit(unit, row.name, effective_on=today, by=by)
        if row.kind != current.kind:
            Unit.objects.filter(pk=unit.pk).update(kind=row.kind, updated_at=timezone.now())
        if row.parent != self.db_parent[row.code]:
            move_unit(unit, Unit.objects.get(code=row.parent), effective_on=today, by=by)


# --- people ------------------------------------------------------------------------------------

PERSON_FIELDS = (
    "full_name",
    "date_of_birth",
    "gender",
    "unit_id",
    "is_party_member",
    "position",
    "phone",
)

#: computed from the name and the code (``Person.keys_for``), written with every person
KEY_FIELDS = ("search_key", "sort_key")


@dataclass
class BatchPlan:
    new: list  # people: value tuples for ``insert_rows``; ratings: unsaved models
    changed: list
    result: ImportResult


class PersonImporter(Importer):
    columns = PERSON_COLUMNS

    def validate(self, rows):
        units = {
            code: (pk, path, status)
            for code, pk, path, status in Unit.objects.order_by().values_list(
                "code", "id", "path", "status"
            )
        }
        # the units a person may be put in, by code: active and in the importer's scope
        usable = {
            code: pk
            for code, (pk, path, status) in units.items()
            if status == UnitStatus.ACTIVE and (not self.restricted or self.in_scope(path))
        }
        read_code = self.reader(PERSON_CODE, values.as_code)
        read_name = self.reader(FULL_NAME, values.as_text)
        read_birth = self.reader(
            BIRTH_DATE,
            lambda v: values.parse_birth_date(v, today=self.today),
            required=False,
            repeats=True,
        )
        read_gender = self.reader(GENDER, values.parse_gender, required=False, repeats=True)
        read_unit = self.reader(UNIT_CODE, values.as_code, repeats=True)
        read_member = self.reader(PARTY_MEMBER, values.parse_yes_no, repeats=True)
        read_position = self.reader(POSITION, values.as_text, required=False, repeats=True)
        read_phone = self.reader(PHONE, values.parse_phone, required=False)

        # code: the row to write, ``(code, *PERSON_FIELDS)``; the file's rows are let go of as
        # they are read (``consumed``), so the two are not held in memory together
        parsed: dict[str, tuple] = {}
        first_row: dict[str, int] = {}
        for number, row in consumed(rows):
            code = read_code(number, row)
            name = read_name(number, row)
            birth = read_birth(number, row)
            gender = read_gender(number, row)
            unit_code = read_unit(number, row)
            member = read_member(number, row)
            position = read_position(number, row)
            phone = read_phone(number, row)
            if code is INVALID:
                continue
            if code in first_row:
                self.duplicate(number, PERSON_CODE, code, first_row[code])
                continue
            first_row[code] = number
            if unit_code is INVALID:
                continue
            unit_id = usable.get(unit_code)
            if unit_id is None:
                self.unusable_unit(number, unit_code, units.get(unit_code))
                continue
            if INVALID in (name, birth, gender, member, position, phone):
                continue
            parsed[code] = (
                code,
                name,
                birth,
                gender or "",
                unit_id,
                member,
                position or "",
                phone or "",
            )
        existing = self.existing_people(list(first_row))
        if self.restricted:
            for code, (_pk, unit_path, _fields) in existing.items():
                if not self.in_scope(unit_path):
                    self.error(
                        first_row[code],
                        PERSON_CODE,
                        _("The person %(code)s belongs to a unit outside your organisation.")
                        % {"code": code},
                    )
        del first_row
        if self.errors:
            return None

        plan = BatchPlan([], [], ImportResult())
        now = timezone.now()
        for code, row in parsed.items():
            current = existing.get(code)
            if current is None:
                plan.new.append(row)
            elif row[1:] == current[2]:
                plan.result.unchanged += 1
            else:
                plan.changed.append(
                    Person(
                        pk=current[0],
                        code=code,
                        updated_at=now,
                        **dict(zip(PERSON_FIELDS, row[1:], strict=True)),
                    )
                )
        plan.result.created = len(plan.new)
        plan.result.updated = len(plan.changed)
        return plan

    def unusable_unit(self, number: int, code: str, unit: tuple | None) -> None:
        """The error of a person's unit that does not exist, is not active, or is outside."""
        if unit is None:
            self.missing_unit(number, UNIT_CODE, code)
        elif unit[2] != UnitStatus.ACTIVE:
            self.error(
                number, UNIT_CODE, _("The unit %(code)s is merged or closed.") % {"code": code}
            )
        else:
            self.outside(number, UNIT_CODE, code)

    @staticmethod
    def existing_people(codes: list[str]) -> dict[str, tuple]:
        found = {}
        people = Person.objects.unscoped("import: a person code is unique across the tree")
        people = people.order_by().values_list("id", "code", "unit__path", *PERSON_FIELDS)
        for queryset in matching(people, "code", codes):
            for pk, code, unit_path, *fields in queryset:
                found[code] = (pk, unit_path, tuple(fields))
        return found

    def write(self, plan: BatchPlan) -> None:
        insert_rows(Person, ("code", *PERSON_FIELDS), plan.new)  # computes the keys
        for person in plan.changed:
            person.refresh_keys()  # a bulk update skips ``save()``
        update_in_batches(Person, plan.changed, [*PERSON_FIELDS, *KEY_FIELDS, "updated_at"])
        keys_changed(Person, [person.pk for person in plan.changed])  # the nominations' copies


# --- ratings -----------------------------------------------------------------------------------


class RatingImporter(Importer):
    """Ratings of people (``Mã cá nhân``) or of units (``Mã đơn vị``): one or the other."""

    code_header: str
    model: type[PersonRating] | type[UnitRating]
    subject_field: str

    def validate(self, rows):
        read_code = self.reader(self.code_header, values.as_code)
        read_year = self.reader(YEAR, lambda v: values.parse_year(v, today=self.today))
        read_rating = self.reader(RATING, values.parse_rating, repeats=True)
        has_score = SCORE in self.positions
        read_score = self.reader(SCORE, values.parse_score, required=False)

        parsed: dict[tuple[str, int], tuple] = {}
        for number, row in consumed(rows):
            code, year = read_code(number, row), read_year(number, row)
            rating, score = read_rating(number, row), read_score(number, row)
            if INVALID in (code, year):
                continue
            if (code, year) in parsed:
                self.error(
                    number,
                    YEAR,
                    _("%(code)s already has a rating for %(year)s on row %(first)s.")
                    % {"code": code, "year": year, "first": parsed[(code, year)][0]},
                )
                continue
            parsed[(code, year)] = (number, rating, score)

        subjects = self.subjects(list({code for code, _year in parsed}))
        for (code, _year), (number, *_rest) in parsed.items():
            subject = subjects.get(code)
            if subject is None:
                self.unknown_subject(number, code)
            elif self.restricted and not self.in_scope(subject[1]):
                self.subject_outside(number, code)
        if self.errors:
            return None

        existing = self.existing_ratings([pk for pk, _path in subjects.values()])
        plan = BatchPlan([], [], ImportResult())
        for (code, year), (_number, rating, score) in parsed.items():
            subject_id = subjects[code][0]
            current = existing.get((subject_id, year))
            if current is None:
                plan.new.append(
                    self.model(
                        **{self.subject_field + "_id": subject_id},
                        year=year,
                        rating=rating,
                        score=score,
                    )
                )
                continue
            pk, old_rating, old_score = current
            if not has_score:
                score = old_score  # no score column: the recorded scores stay
            if (rating, score) == (old_rating, old_score):
                plan.result.unchanged += 1
            else:
                plan.changed.append(self.model(pk=pk, rating=rating, score=score))
        plan.result.created = len(plan.new)
        plan.result.updated = len(plan.changed)
        return plan

    def subjects(self, codes: list[str]) -> dict[str, tuple[int, str]]:
        """``{code: (id, unit path)}`` of the people or units rated."""
        raise NotImplementedError

    def unknown_subject(self, number: int, code: str) -> None:
        raise NotImplementedError

    def subject_outside(self, number: int, code: str) -> None:
        self.outside(number, self.code_header, code)

    def existing_ratings(self, subject_ids: list[int]) -> dict[tuple[int, int], tuple]:
        found = {}
        subject = self.subject_field + "_id"
        ratings = self.model.objects.unscoped("import: the ratings of the subjects found by code")
        ratings = ratings.order_by().values_list("id", subject, "year", "rating", "score")
        for queryset in matching(ratings, subject, subject_ids):
            for pk, subject_id, year, rating, score in queryset:
                found[(subject_id, year)] = (pk, rating, score)
        return found

    def write(self, plan: BatchPlan) -> None:
        self.model.objects.bulk_create(plan.new, batch_size=WRITE_BATCH)
        update_in_batches(self.model, plan.changed, ["rating", "score"])


class PersonRatingImporter(RatingImporter):
    columns = PERSON_RATING_COLUMNS
    code_header = PERSON_CODE
    model = PersonRating
    subject_field = "person"

    def subjects(self, codes):
        found = {}
        people = Person.objects.unscoped("import: a person code is unique across the tree")
        people = people.order_by().values_list("code", "id", "unit__path")
        for queryset in matching(people, "code", codes):
            for code, pk, path in queryset:
                found[code] = (pk, path)
        return found

    def unknown_subject(self, number, code):
        self.error(
            number, PERSON_CODE, _("The person code %(code)s does not exist.") % {"code": code}
        )

    def subject_outside(self, number, code):
        self.error(
            number,
            PERSON_CODE,
            _("The person %(code)s belongs to a unit outside your organisation.") % {"code": code},
        )


class UnitRatingImporter(RatingImporter):
    columns = UNIT_RATING_COLUMNS
    code_header = UNIT_CODE
    model = UnitRating
    subject_field = "unit"

    def subjects(self, codes):
        found = {}
        units = Unit.objects.order_by().values_list("code", "id", "path")
        for queryset in matching(units, "code", codes):
            for code, pk, path in queryset:
                found[code] = (pk, path)
        return found

    def unknown_subject(self, number, code):
        self.missing_unit(number, UNIT_CODE, code)


def rating_importer_for(
    headers: list[str | None], user=None, *, header_row: int = HEADER_ROW
) -> RatingImporter:
    """People are rated by a ``Mã cá nhân`` column, units by a ``Mã đơn vị`` column."""
    keys = {lookup_key(header) for header in headers if header}
    rates_people = lookup_key(PERSON_CODE) in keys
    rates_units = lookup_key(UNIT_CODE) in keys
    if rates_people and rates_units:
        raise ImportRefused(
            [
                RowError(
                    header_row,
                    UNIT_CODE,
                    _(
                        "A ratings file has either a Mã cá nhân column (ratings of people) or a "
                        "Mã đơn vị column (ratings of units), not both."
                    ),
                )
            ]
        )
    if not rates_people and not rates_units:
        raise ImportRefused(
            [
                RowError(
                    header_row,
                    PERSON_CODE,
                    _(
                        "This column is missing: a ratings file needs a Mã cá nhân column "
                        "(ratings of people) or a Mã đơn vị column (ratings of units)."
                    ),
                )
            ]
        )
    return PersonRatingImporter(user) if rates_people else UnitRatingImporter(user)


KINDS = ("units", "people", "ratings")


def header_names(kind: str) -> list[str]:
    """The column headers of ``kind``: the reader finds the header row by them."""
    columns = {
        "units": UNIT_COLUMNS,
        "people": PERSON_COLUMNS,
        "ratings": (*PERSON_RATING_COLUMNS, *UNIT_RATING_COLUMNS),
    }[kind]
    return list(dict.fromkeys(column.header for column in columns))


def importer_for(kind: str, table: Table, user=None) -> Importer:
    if kind == "units":
        return UnitImporter(user)
    if kind == "people":
        return PersonImporter(user)
    if kind == "ratings":
        return rating_importer_for(table.headers, user, header_row=table.header_row)
    raise ValueError(f"Unknown import kind {kind!r}; expected one of {', '.join(KINDS)}.")
