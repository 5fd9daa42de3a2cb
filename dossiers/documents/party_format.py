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
from dataclasses import dataclass, field

from awards.wording import (  # noqa: F401  (the documents name them pf.*)
    COMMENDATION_WORDS,
    PLACE_PREFIX,
    UY,
    basis_clause,
    commendation_of,
    default_on_behalf,
    default_signer_title,
    lower_first,
    nfc,
    place_from_name,
    place_of,
    standing_committee_of,
)
from campaigns.rules_engine import CapCheck
from committees.models import Rating
from committees.symbols import unit_symbol
from nominations.wording import cap_sum


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

#: a committee's name → the name of the Party organisation (đảng bộ) it leads
COMMITTEE_TO_ORGANISATION = (
    (re.compile(rf"^Thành {UY}\s+", re.IGNORECASE), "Đảng bộ thành phố "),
    (re.compile(rf"^Tỉnh {UY}\s+", re.IGNORECASE), "Đảng bộ tỉnh "),
    (re.compile(rf"^Quận {UY}\s+", re.IGNORECASE), "Đảng bộ quận "),
    (re.compile(rf"^Huyện {UY}\s+", re.IGNORECASE), "Đảng bộ huyện "),
    (re.compile(rf"^Thị {UY}\s+", re.IGNORECASE), "Đảng bộ thị xã "),
    (re.compile(rf"^Đảng {UY}\s+", re.IGNORECASE), "Đảng bộ "),
)


def organisation_name(unit) -> str:
    """The Party organisation a committee leads: "Thành ủy Cần Thơ" → "Đảng bộ thành phố Cần
    Thơ". A name that is not a committee's (a cell, an organisation) is returned unchanged."""
    name = nfc(unit.name)
    for pattern, replacement in COMMITTEE_TO_ORGANISATION:
        if pattern.match(name):
            return pattern.sub(replacement, name, count=1)
    return name


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
