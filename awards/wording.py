"""The words of a decision that depend only on the data: who signs for a unit, the name of its
standing committee, where its documents are dated, what a campaign commends.

They live here, below ``dossiers``, because the decision is composed when it is drafted (the
wording is stored on the row and edited by the clerk), and the records on the pages cite it as
well as the printed documents; ``dossiers.documents.party_format`` imports them from here. The
words are the documents' own Vietnamese text, not translated (see
``dossiers/documents/__init__.py``).
"""

from __future__ import annotations

import re
import unicodedata

from committees.models import UnitKind


def nfc(value) -> str:
    """Text as NFC: "ủ" typed as u + hook + dot is stored as one character, as the font expects."""
    return unicodedata.normalize("NFC", str(value or ""))


def lower_first(value) -> str:
    """ "Biểu dương đảng viên" → "biểu dương đảng viên", to follow "về việc đề nghị"."""
    text = nfc(value).strip()
    return text[:1].lower() + text[1:]


# --- who signs, for whom --------------------------------------------------------------------


def default_on_behalf(unit) -> str:
    """Who a unit signs for: the cell itself, or the standing committee of a committee."""
    return "T/M CHI BỘ" if unit.kind in UnitKind.cell_kinds() else "T/M BAN THƯỜNG VỤ"


def default_signer_title(unit) -> str:
    return "BÍ THƯ" if unit.kind in UnitKind.cell_kinds() else "PHÓ BÍ THƯ"


def standing_committee_of(unit) -> str:
    """ "Ban Thường vụ Quận ủy Ninh Kiều"; a cell decides as "Chi bộ khu vực 1" itself."""
    if unit.kind in UnitKind.cell_kinds():
        return nfc(unit.name)
    return f"Ban Thường vụ {nfc(unit.name)}"


# --- where ------------------------------------------------------------------------------------

UY = "(?:ủy|uỷ)"  # both spellings are in use

#: the prefix of a committee's name before its place: "Quận ủy Ninh Kiều" → "Ninh Kiều"
PLACE_PREFIX = re.compile(
    rf"^(?:Thành {UY}|Tỉnh {UY}|Quận {UY}|Huyện {UY}|Thị {UY}|"
    rf"Đảng {UY}\s+(?:phường|xã|thị trấn|đặc khu))\s+(?:thành phố\s+|TP\.?\s+)?",
    re.IGNORECASE,
)


def place_from_name(name: str) -> str:
    name = nfc(name)
    match = PLACE_PREFIX.match(name)
    return name[match.end() :].strip() if match else ""


def place_of(unit, ancestors) -> str:
    """Where a unit's documents are dated: going up from the unit, the first ``place_name``
    recorded or the place in a committee's name ("Đảng ủy phường An Hòa" → "An Hòa").
    ``ancestors`` are the units above, from the top down."""
    for candidate in [unit, *reversed(list(ancestors))]:
        place = nfc(candidate.place_name).strip() or place_from_name(candidate.name)
        if place:
            return place
    return ""


# --- what ------------------------------------------------------------------------------------

#: the words with which a commendation is named in a campaign's title
COMMENDATION_WORDS = re.compile(r"\b(biểu dương|khen thưởng|tuyên dương|tôn vinh)\b", re.IGNORECASE)


def commendation_of(title: str) -> str:
    """What a campaign commends, from its title, to follow "đề nghị": "Sơ kết thực hiện Kết luận
    số 01-KL/TW và biểu dương, khen thưởng điển hình tiên tiến năm 2022" → "biểu dương, khen
    thưởng điển hình tiên tiến năm 2022"; a title that names no commendation → "khen thưởng
    trong đợt “…”"."""
    title = nfc(title).strip()
    match = COMMENDATION_WORDS.search(title)
    if match is None:
        return f"khen thưởng trong đợt “{title}”"
    return lower_first(title[match.start() :])


def basis_clause(text: str) -> str:
    """A legal basis as a clause: without its own closing full stop or semicolon, which the
    document adds."""
    return nfc(text).strip().rstrip(" .;,")
