"""The Party's document format (Hướng dẫn 36-HD/VPTW), as pure functions of the data.

The letterhead of every document is built here: the superior body and the issuing body in
capitals, the number ("Số 12-TTr/QU", no colon), the place and date line ("Ninh Kiều, ngày 07
tháng 02 năm 2025"). The words in this module are the documents' own text: an official Party
document is written in Vietnamese whatever language the person downloading it reads the site in,
so they are not translated (see ``dossiers/documents/__init__.py``).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from campaigns.rules_engine import CapCheck
from committees.models import Rating, UnitKind
from committees.symbols import unit_symbol
from nominations.wording import cap_sum


def nfc(value) -> str:
    """Text as NFC: "ủ" typed as u + hook + dot is stored as one character, as the font expects."""
    return unicodedata.normalize("NFC", str(value or ""))


def lower_first(value) -> str:
    """ "Biểu dương đảng viên" → "biểu dương đảng viên", to follow "về việc đề nghị"."""
    text = nfc(value).strip()
    return text[:1].lower() + text[1:]


def upper(value) -> str:
    """Capitals with every Vietnamese tone mark kept: "Quận ủy Ninh Kiều" → "QUẬN ỦY NINH KIỀU"."""
    return nfc(value).upper()


# --- document types and their symbols ------------------------------------------------------------

#: the abbreviation of each document type in its number ("Số 12-TTr/QU")
TYPE_SYMBOLS = {
    "quyet_dinh": "QĐ",
    "giay_moi": "GM",
    "to_trinh": "TTr",
    "bien_ban": "BB",
    "bao_cao": "BC",
    "danh_sach": "DS",
}


def document_number(number: str, type_code: str, unit) -> str:
    """ "Số 12-TTr/QU"; with no number yet, room is left for it: "Số     -TTr/QU"."""
    number = nfc(number).strip()
    number_part = number if number else "\u00a0" * 5
    return f"Số {number_part}-{TYPE_SYMBOLS[type_code]}/{unit_symbol(unit)}"


# --- the superior body, the issuing body, the place ----------------------------------------------

UY = "(?:ủy|uỷ)"  # both spellings are in use
#: a committee's name → the name of the Party organisation (đảng bộ) it leads
COMMITTEE_TO_ORGANISATION = (
    (re.compile(rf"^Thành {UY}\s+", re.IGNORECASE), "Đảng bộ thành phố "),
    (re.compile(rf"^Tỉnh {UY}\s+", re.IGNORECASE), "Đảng bộ tỉnh "),
    (re.compile(rf"^Quận {UY}\s+", re.IGNORECASE), "Đảng bộ quận "),
    (re.compile(rf"^Huyện {UY}\s+", re.IGNORECASE), "Đảng bộ huyện "),
    (re.compile(rf"^Thị {UY}\s+", re.IGNORECASE), "Đảng bộ thị xã "),
    (re.compile(rf"^Đảng {UY}\s+", re.IGNORECASE), "Đảng bộ "),
)

#: the prefix of a committee's name before its place: "Quận ủy Ninh Kiều" → "Ninh Kiều"
PLACE_PREFIX = re.compile(
    rf"^(?:Thành {UY}|Tỉnh {UY}|Quận {UY}|Huyện {UY}|Thị {UY}|"
    rf"Đảng {UY}\s+(?:phường|xã|thị trấn|đặc khu))\s+(?:thành phố\s+|TP\.?\s+)?",
    re.IGNORECASE,
)


def organisation_name(unit) -> str:
    """The Party organisation a committee leads: "Thành ủy Cần Thơ" → "Đảng bộ thành phố Cần
    Thơ". A name that is not a committee's (a cell, an organisation) is returned unchanged."""
    name = nfc(unit.name)
    for pattern, replacement in COMMITTEE_TO_ORGANISATION:
        if pattern.match(name):
            return pattern.sub(replacement, name, count=1)
    return name


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


def date_in_words(day: datetime.date) -> str:
    """ "ngày 05 tháng 3 năm 2025", "ngày 27 tháng 02 năm 2023": as Hướng dẫn 36-HD/VPTW writes
    dates, a day below 10 and the months 1 and 2 take a leading zero, no other month does."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def date_line(place: str, day: datetime.date) -> str:
    """ "Ninh Kiều, ngày 07 tháng 02 năm 2025" (``date_in_words``)."""
    when = date_in_words(day)
    place = nfc(place).strip()
    return f"{place}, {when}" if place else when.capitalize()


def closing_time_in_words(held: datetime.datetime, closed: datetime.datetime) -> str:
    """ "11 giờ 30 phút cùng ngày", or with its date when the meeting closed on another day
    (both in local time)."""
    when = f"{closed.hour:02d} giờ {closed.minute:02d} phút"
    if closed.date() == held.date():
        return f"{when} cùng ngày"
    return f"{when}, {date_in_words(closed.date())}"


def basis_clause(text: str) -> str:
    """A legal basis as the clause of "Thực hiện …;": without its own closing full stop or
    semicolon, which the sentence adds ("…(3/2/1930 - 3/2/2025).;" otherwise)."""
    return nfc(text).strip().rstrip(" .;,")


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


def time_in_words(moment: datetime.datetime) -> str:
    """ "09 giờ 00 phút, ngày 10 tháng 01 năm 2025" (``moment`` already in local time)."""
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút, {date_in_words(moment.date())}"


@dataclass(frozen=True)
class Letterhead:
    """The two-column header of a Party document and the signature block under it."""

    superior: str  # top left, capitals; empty for the top unit
    issuing: str  # under it, bold capitals
    number: str  # "Số 12-TTr/QU"; empty for a document that carries none
    date_line: str  # "Ninh Kiều, ngày 07 tháng 02 năm 2025"
    on_behalf: str = ""  # "T/M BAN THƯỜNG VỤ"
    signer_title: str = ""  # "PHÓ BÍ THƯ"
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)


def letterhead(
    unit,
    parent,
    *,
    number: str,
    type_code: str | None,
    place: str,
    day: datetime.date,
    on_behalf: str = "",
    signer_title: str = "",
    signer_name: str = "",
    recipients=(),
) -> Letterhead:
    """The header of a document issued by ``unit`` (whose parent is ``parent``, or None)."""
    return Letterhead(
        superior=upper(organisation_name(parent)) if parent is not None else "",
        issuing=upper(unit.name),
        number=document_number(number, type_code, unit) if type_code else "",
        date_line=date_line(place, day),
        on_behalf=upper(on_behalf),
        signer_title=upper(signer_title),
        signer_name=nfc(signer_name).strip(),
        recipients=[nfc(line).strip() for line in recipients if nfc(line).strip()],
    )


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


# --- words for the data --------------------------------------------------------------------------

RATING_WORDS = {
    Rating.HTXSNV: "Hoàn thành xuất sắc nhiệm vụ",
    Rating.HTTNV: "Hoàn thành tốt nhiệm vụ",
    Rating.HTNV: "Hoàn thành nhiệm vụ",
    Rating.KHTNV: "Không hoàn thành nhiệm vụ",
}

OUTCOME_WORDS = {
    "honor": "Biểu dương ở cấp mình",
    "forward": "Đề nghị lên cấp trên",
    "reject": "Không đề nghị",
}

GENDER_WORDS = {"male": "Nam", "female": "Nữ"}

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def fraction_in_words(numerator: int, denominator: int) -> str:
    """ "1/2 (một phần hai)" for the small fractions voting rules use; digits otherwise."""
    if 0 <= numerator < 10 and 0 < denominator < 10:
        return f"{numerator}/{denominator} ({DIGITS[numerator]} phần {DIGITS[denominator]})"
    return f"{numerator}/{denominator}"


#: how a campaign rounds its cap, said after the sum when it does not round down
ROUNDING_WORDS = {"ceil": "làm tròn lên", "half_up": "làm tròn đến số nguyên gần nhất"}


def cap_in_words(cap: CapCheck, *, of_received: bool, rounding: str = "floor") -> str:
    """ "không quá 10% số cá nhân được biểu dương ở cấp mình: 10% × 37 = 3"; a campaign that
    rounds up says so: "10% × 4 = 1 (làm tròn lên)"."""
    counted = (
        "số cá nhân được đề nghị đến cấp mình"
        if of_received
        else "số cá nhân được biểu dương ở cấp mình"
    )
    how = ROUNDING_WORDS.get(rounding)
    exact = cap.base * cap.percent % 100 == 0
    note = f" ({how})" if how and not exact else ""
    return f"không quá {cap.percent}% {counted}: {cap_sum(cap)}{note}"
