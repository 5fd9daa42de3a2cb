"""Importing units, people and ratings from .xlsx and .csv files, all or nothing.

    result = import_file("people", uploaded_file, uploaded_file.name, user=request.user)

``user=None`` imports without restriction (management commands); an admin's import is limited to
their own unit's subtree. Any problem raises ``ImportRefused`` listing every error, with nothing
written; otherwise ``ImportResult`` counts the rows created, updated and left unchanged.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from .importers import KINDS, header_names, importer_for
from .reading import Table, read_table
from .results import WHOLE_FILE, ConversionNotConfirmed, ImportRefused, ImportResult, RowError

__all__ = [
    "KINDS",
    "WHOLE_FILE",
    "ConversionNotConfirmed",
    "ImportRefused",
    "ImportResult",
    "RowError",
    "Table",
    "import_file",
]


def import_file(
    kind: str,
    file,
    filename: str,
    *,
    user=None,
    dry_run: bool = False,
    legacy_encoding: str = "auto",
    conversions_confirmed: bool = True,
) -> ImportResult:
    """Import ``file`` (a binary file object named ``filename``) as ``kind``: "units", "people"
    or "ratings". With ``dry_run`` everything is checked and counted, and nothing written.

    ``legacy_encoding`` says how text typed in TCVN3 or VNI is treated (see ``read_table``);
    without ``conversions_confirmed`` a file that would be converted is refused with
    ``ConversionNotConfirmed``, which lists the conversions for the user to check."""
    if kind not in KINDS:
        raise ValueError(f"Unknown import kind {kind!r}; expected one of {', '.join(KINDS)}.")
    with without_cyclic_gc():
        table = read_table(
            file, filename, header_names=header_names(kind), legacy_encoding=legacy_encoding
        )
        if table.conversions and not conversions_confirmed:
            raise ConversionNotConfirmed(table.conversions)
        result = importer_for(kind, table, user).run(table, dry_run=dry_run)
    result.conversions = table.conversions
    return result


@contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """No cyclic garbage collection while a file is read and imported.

    An import makes millions of objects that live until its end (a tuple per row and per
    cell's value); each time enough of them have been made, the collector walks them all again,
    for nothing: they form no cycles. A tenth of a 250,000-row import went there. What few
    cycles an import leaves are collected once it ends (the collector is process-wide: a thread
    importing in a threaded server pauses it for the others too, for the import's seconds)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
