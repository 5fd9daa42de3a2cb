"""What an import reports: its counts, or every error that stopped it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

#: the row of an error about the whole file rather than one of its rows
WHOLE_FILE = 0


@dataclass(frozen=True)
class RowError:
    """One problem: spreadsheet row (the header is row 1; 0 for the whole file), the column's
    header as written in the spec ("" when no single column is at fault), and the message."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row and self.column:
            return _("Row %(row)s, column %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


class ImportRefused(Exception):
    """The file was refused and nothing was written; ``errors`` lists every reason."""

    def __init__(self, errors: list[RowError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


class ConversionNotConfirmed(ImportRefused):
    """The file holds text in a legacy encoding and the user has not yet confirmed its
    conversion; ``conversions`` (``reading.ColumnConversion``) says what would change."""

    def __init__(self, conversions: list):
        self.conversions = list(conversions)
        super().__init__(
            [
                RowError(WHOLE_FILE, conversion.column, conversion.sentence())
                for conversion in self.conversions
            ]
        )


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    #: the columns converted from a legacy encoding (``reading.ColumnConversion``)
    conversions: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        return _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
