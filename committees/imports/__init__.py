"""Importing units, people and ratings from .xlsx and .csv files, all or nothing.

    result = import_file("people", uploaded_file, uploaded_file.name, user=request.user)

``user=None`` imports without restriction (management commands); an admin's import is limited to
their own unit's subtree. Any problem raises ``ImportRefused`` listing every error, with nothing
written; otherwise ``ImportResult`` counts the rows created, updated and left unchanged.
"""

from __future__ import annotations

from .importers import KINDS, importer_for
from .reading import read_table
from .results import WHOLE_FILE, ImportRefused, ImportResult, RowError

__all__ = [
    "KINDS",
    "WHOLE_FILE",
    "ImportRefused",
    "ImportResult",
    "RowError",
    "import_file",
]


def import_file(
    kind: str, file, filename: str, *, user=None, dry_run: bool = False
) -> ImportResult:
    """Import ``file`` (a binary file object named ``filename``) as ``kind``: "units", "people"
    or "ratings". With ``dry_run`` everything is checked and counted, and nothing written."""
    if kind not in KINDS:
        raise ValueError(f"Unknown import kind {kind!r}; expected one of {', '.join(KINDS)}.")
    table = read_table(file, filename)
    return importer_for(kind, table, user).run(table, dry_run=dry_run)
