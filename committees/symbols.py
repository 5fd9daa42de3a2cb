"""A unit's symbol in the numbers of the documents it issues ("Số 12-TTr/QU", "15-QĐ/QU").

It lives with the units, not with the documents, because the record of a commendation
("Quyết định số 15-QĐ/QU …") is shown on pages as well as printed.
"""

from __future__ import annotations

import unicodedata

from .models import UnitKind

#: a unit's symbol when ``Unit.document_symbol`` is empty, by kind
KIND_SYMBOLS = {
    UnitKind.THANH_UY: "TU",
    UnitKind.TINH_UY: "TU",
    UnitKind.QUAN_UY: "QU",
    UnitKind.HUYEN_UY: "HU",
    UnitKind.DANG_UY_TRUC_THUOC: "ĐU",
    UnitKind.DANG_UY_KHOI: "ĐUK",
    UnitKind.DANG_UY_XA: "ĐU",
    UnitKind.DANG_UY_CO_SO: "ĐU",
    UnitKind.CHI_BO_CO_SO: "CB",
    UnitKind.CHI_BO: "CB",
}


def _nfc(value) -> str:
    return unicodedata.normalize("NFC", str(value or ""))


def initials(name: str) -> str:
    """ "Ủy ban MTTQ Việt Nam quận Ninh Kiều" → "ỦBMVNQNK": the fallback of last resort."""
    return "".join(word[0] for word in _nfc(name).split() if word[0].isalpha()).upper()


def unit_symbol(unit) -> str:
    """The unit's part of a document number: its recorded symbol, else one made from its kind."""
    if (unit.document_symbol or "").strip():
        return _nfc(unit.document_symbol.strip())
    return KIND_SYMBOLS.get(unit.kind) or initials(unit.name)
