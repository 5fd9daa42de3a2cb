"""The hash chain of an append-only history: pure functions, no database.

Each record carries ``record_hash = sha256(prev_hash + "\\n" + canonical(record))`` where
``prev_hash`` is the hash of the record before it in the chain (``GENESIS`` for the first) and
``canonical`` is a fixed JSON serialisation of the record's fields and its position
(``chain_seq``). Changing any field of a record, removing one, or reordering them breaks the
chain at the first record concerned; ``verify`` names it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS = "0" * 64


def _plain(value):
    """One field value as JSON: datetimes in UTC to the microsecond, dates as ISO, strings
    as they are (a lazy translation becomes its text), numbers and ``None`` unchanged."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError("a chained datetime must be timezone-aware")
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int):
        return value
    return str(value)


def canonical(values: Mapping[str, object]) -> bytes:
    """The record as bytes: sorted keys, no white space, UTF-8 (Vietnamese kept as is)."""
    plain = {key: _plain(value) for key, value in values.items()}
    return json.dumps(plain, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def digest(values: Mapping[str, object], prev_hash: str) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + canonical(values)).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first link of a chain that does not hold."""

    seq: int | None
    pk: int | None
    problem: str

    def __str__(self) -> str:
        where = f"record #{self.seq} (id {self.pk})" if self.pk is not None else "the chain"
        return f"{where}: {self.problem}"


@dataclass(frozen=True)
class Row:
    pk: int
    seq: int | None
    prev_hash: str
    record_hash: str
    values: Mapping[str, object]


def verify(rows: Iterable[Row], *, head_length: int, head_hash: str) -> tuple[int, Break | None]:
    """Walk ``rows`` in ``chain_seq`` order; return how many were checked and the first break.

    ``head_length``/``head_hash`` are what the chain head recorded at the last insert: a chain
    that ends earlier lost its last records.
    """
    expected_seq, expected_prev, checked = 1, GENESIS, 0
    for row in rows:
        if row.seq is None:
            return checked, Break(None, row.pk, "the record is not part of the chain")
        if row.seq != expected_seq:
            missing = (
                f"#{expected_seq}"
                if row.seq == expected_seq + 1
                else f"#{expected_seq}–#{row.seq - 1}"
            )
            return checked, Break(
                row.seq, row.pk, f"the record(s) before it ({missing}) were deleted"
            )
        if row.prev_hash != expected_prev:
            return checked, Break(row.seq, row.pk, "it does not link to the record before it")
        if digest(row.values, row.prev_hash) != row.record_hash:
            return checked, Break(row.seq, row.pk, "its content was changed after it was written")
        checked += 1
        expected_seq, expected_prev = row.seq + 1, row.record_hash
    if checked != head_length or expected_prev != head_hash:
        return checked, Break(
            None,
            None,
            f"it ends at record #{checked} but #{head_length} was written: "
            "the last record(s) were deleted",
        )
    return checked, None
