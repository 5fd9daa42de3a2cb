"""Single cell values: pure functions, no database.

Each parser takes a cell as read from the file (a normalised ``str``; from an .xlsx also an
``int``, ``float``, ``bool``, ``datetime`` or ``date``) and returns the value to store, or raises
``InvalidValue`` with a message for the user. Empty cells never reach them: whether a cell may be
empty is the importer's decision.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from functools import cache

from django.utils import translation
from django.utils.translation import gettext as _

from committees.models import Gender, Rating, UnitKind, normalize_text
from core.free_text import UNSAFE_CHARACTERS, has_unsafe_characters

CODE_MAX_LENGTH = 50
NAME_MAX_LENGTH = 255
PHONE_MAX_LENGTH = 32
FIRST_RATING_YEAR = 1930  # the year the Party was founded; also the model's lower bound
EARLIEST_BIRTH_YEAR = 1900
SCORE_MAX = 100


class InvalidValue(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Vietnamese puts the tone mark of "oa", "oe" and "uy" on either vowel ("Thành uỷ" and
# "Thành ủy" are the same word); both spellings are in daily use, so lookups fold them.
_TONE_PLACEMENT = {
    base[0] + on_second: on_first + base[1]
    for base, marks_on_first, marks_on_second in (
        ("oa", "òóỏõọ", "àáảãạ"),
        ("oe", "òóỏõọ", "èéẻẽẹ"),
        ("uy", "ùúủũụ", "ỳýỷỹỵ"),
    )
    for on_first, on_second in zip(marks_on_first, marks_on_second, strict=True)
}
_TONE_PATTERN = re.compile("|".join(map(re.escape, _TONE_PLACEMENT)))


def lookup_key(value: str) -> str:
    """The form under which names are compared: NFC, folded space, any case, either tone spelling.

    >>> lookup_key("  THÀNH   UỶ ") == lookup_key("Thành ủy")
    True
    """
    folded = normalize_text(value).casefold()
    return _TONE_PATTERN.sub(lambda m: _TONE_PLACEMENT[m.group(0)], folded)


def _describe(value) -> str:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


#: what ``normalize_text`` would change or ``has_unsafe_characters`` refuse, but for NFC:
#: white space other than single spaces between words, and the unsafe characters
_NOT_PLAIN = re.compile(rf"{UNSAFE_CHARACTERS.pattern}|[^\S ]|  |^ | $")


def as_text(value, *, max_length: int = NAME_MAX_LENGTH) -> str:
    """A text cell. Numbers become their digits (an .xlsx stores ``1001`` as ``1001.0``)."""
    if (
        value.__class__ is str
        and not _NOT_PLAIN.search(value)
        and unicodedata.is_normalized("NFC", value)
    ):
        # Text as the reader gives it (NFC, single spaces): as it is, and the same object,
        # so that an import holds each name once. This runs for most cells of an import.
        if len(value) > max_length:
            raise InvalidValue(
                _("Too long: at most %(limit)s characters, this cell has %(length)s.")
                % {"limit": max_length, "length": len(value)}
            )
        return value
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        raise InvalidValue(
            _(
                "This cell holds a date or time where text is expected; format the column as "
                "Text in Excel."
            )
        )
    if isinstance(value, bool):
        raise InvalidValue(_("This cell holds TRUE or FALSE where text is expected."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = normalize_text(str(value))
    if has_unsafe_characters(text):
        raise InvalidValue(
            _(
                "This cell holds control characters or invisible text-direction "
                "marks: retype the text."
            )
        )
    if len(text) > max_length:
        raise InvalidValue(
            _("Too long: at most %(limit)s characters, this cell has %(length)s.")
            % {"limit": max_length, "length": len(text)}
        )
    return text


def as_code(value) -> str:
    """A unit or person code: the key that matches a row with the database."""
    return as_text(value, max_length=CODE_MAX_LENGTH)


_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


#: Excel's day 0 (its serial 1 is 1 January 1900; the false 29 February 1900 is serial 60)
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
#: serial numbers read as dates: 1 January 1910 to 31 December 9999. Smaller whole numbers are
#: more likely a year or a mistake than a date (1980 would be 2 June 1905).
_SERIALS = range(3654, 2958466)


def parse_date(value) -> datetime.date:
    """``dd/mm/yyyy`` (also ``d/m/yyyy``, with ``-`` or ``.``, or ``yyyy-mm-dd``), a real date
    cell, or the serial number of a date cell whose format was lost (``29358`` is 17/05/1980)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and int(value) in _SERIALS:
        return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
    if isinstance(value, str):
        text = value.strip()
        if match := _DAY_FIRST.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
        elif match := _ISO.fullmatch(text):
            year, month, day = (int(part) for part in match.groups())
        else:
            match = None
        if match:
            try:
                return datetime.date(year, month, day)
            except ValueError:
                raise InvalidValue(
                    _("%(value)s is not a date in the calendar.") % {"value": text}
                ) from None
    raise InvalidValue(
        _("Invalid date %(value)s: write it as dd/mm/yyyy, for example 17/05/1980.")
        % {"value": _describe(value)}
    )


def parse_birth_date(value, *, today: datetime.date | None = None) -> datetime.date:
    day = parse_date(value)
    today = today or datetime.date.today()
    if day > today:
        raise InvalidValue(
            _("The date of birth %(date)s is in the future.") % {"date": _describe(day)}
        )
    if day.year < EARLIEST_BIRTH_YEAR:
        raise InvalidValue(
            _("The date of birth %(date)s is before %(year)s.")
            % {"date": _describe(day), "year": EARLIEST_BIRTH_YEAR}
        )
    return day


def _as_whole_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip()):
        return int(value)
    return None


def parse_year(value, *, today: datetime.date | None = None) -> int:
    """A rating year: ratings are given at the end of a year, so never a year still to come."""
    latest = (today or datetime.date.today()).year
    year = _as_whole_number(value)
    if year is None:
        raise InvalidValue(
            _("Invalid year %(value)s: write a year such as 2024.") % {"value": _describe(value)}
        )
    if not FIRST_RATING_YEAR <= year <= latest:
        raise InvalidValue(
            _("The year must be between %(first)s and %(last)s.")
            % {"first": FIRST_RATING_YEAR, "last": latest}
        )
    return year


def parse_score(value) -> int:
    """A score on 100 points (Quy định 366-QĐ/TW)."""
    score = _as_whole_number(value)
    if score is None or not 0 <= score <= SCORE_MAX:
        raise InvalidValue(
            _("Invalid score %(value)s: write a whole number from 0 to %(max)s.")
            % {"value": _describe(value), "max": SCORE_MAX}
        )
    return score


def _labels(choices) -> list[str]:
    """The labels of ``choices`` in Vietnamese and in English."""
    labels = []
    for language in ("vi", "en"):
        with translation.override(language):
            labels.extend(str(label) for label in choices.labels)
    return labels


def _table(entries) -> dict[str, str]:
    return {lookup_key(name): value for name, value in entries}


@cache
def unit_kind_names() -> dict[str, str]:
    """Every accepted way of writing a unit kind, as lookup keys."""
    spelled = [
        ("Thành ủy", UnitKind.THANH_UY),
        ("Tỉnh ủy", UnitKind.TINH_UY),
        ("Quận ủy", UnitKind.QUAN_UY),
        ("Huyện ủy", UnitKind.HUYEN_UY),
        ("Đảng ủy trực thuộc", UnitKind.DANG_UY_TRUC_THUOC),
        ("Đảng ủy Khối", UnitKind.DANG_UY_KHOI),
        ("Đảng ủy xã, phường, đặc khu", UnitKind.DANG_UY_XA),
        ("Đảng ủy cơ sở", UnitKind.DANG_UY_CO_SO),
        ("Chi bộ cơ sở", UnitKind.CHI_BO_CO_SO),
        ("Chi bộ", UnitKind.CHI_BO),
        ("Đoàn thể", UnitKind.DOAN_THE),
        ("MTTQ", UnitKind.DOAN_THE),
        ("Đoàn thể, MTTQ", UnitKind.DOAN_THE),
    ]
    return _table(
        [
            *zip(_labels(UnitKind), list(UnitKind.values) * 2, strict=True),
            *spelled,
            *((value, value) for value in UnitKind.values),
        ]
    )


def parse_unit_kind(value) -> str:
    kind = unit_kind_names().get(lookup_key(str(value)))
    if kind is None:
        raise InvalidValue(
            _("Unknown unit kind %(value)s: write a code such as chi_bo or a name such as Chi bộ.")
            % {"value": _describe(value)}
        )
    return kind


@cache
def rating_names() -> dict[str, str]:
    spelled = [
        ("Hoàn thành xuất sắc nhiệm vụ", Rating.HTXSNV),
        ("Hoàn thành tốt nhiệm vụ", Rating.HTTNV),
        ("Hoàn thành nhiệm vụ", Rating.HTNV),
        ("Không hoàn thành nhiệm vụ", Rating.KHTNV),
    ]
    return _table(
        [
            *zip(_labels(Rating), list(Rating.values) * 2, strict=True),
            *spelled,
            *((value, value) for value in Rating.values),
        ]
    )


def parse_rating(value) -> str:
    rating = rating_names().get(lookup_key(str(value)))
    if rating is None:
        raise InvalidValue(
            _(
                "Unknown rating %(value)s: write HTXSNV, HTTNV, HTNV or KHTNV, or the rating in "
                "full."
            )
            % {"value": _describe(value)}
        )
    return rating


@cache
def yes_no_names() -> dict[str, bool]:
    return _table(
        [
            ("Có", True),
            ("Co", True),
            ("Yes", True),
            ("1", True),
            ("x", True),
            ("Không", False),
            ("Khong", False),
            ("No", False),
            ("0", False),
        ]
    )


def parse_yes_no(value) -> bool:
    if isinstance(value, bool):
        return value
    answer = yes_no_names().get(lookup_key(_describe(value)))
    if answer is None:
        raise InvalidValue(_("Write Có or Không, not %(value)s.") % {"value": _describe(value)})
    return answer


@cache
def gender_names() -> dict[str, str]:
    return _table(
        [
            ("Nam", Gender.MALE),
            ("Nữ", Gender.FEMALE),
            ("Nu", Gender.FEMALE),
            *zip(_labels(Gender), list(Gender.values) * 2, strict=True),
            *((value, value) for value in Gender.values),
        ]
    )


def parse_gender(value) -> str:
    gender = gender_names().get(lookup_key(str(value)))
    if gender is None:
        raise InvalidValue(_("Write Nam or Nữ, not %(value)s.") % {"value": _describe(value)})
    return gender


#: a Vietnamese number without its leading zero: 9 digits (mobile) or 10 (landline)
_ZERO_LOST = re.compile(r"[1-9]\d{8,9}")


def parse_phone(value) -> str:
    """A phone number. A spreadsheet that stored it as a number lost its leading zero, and so
    did a CSV file saved from such a sheet: put it back (``912345678`` becomes ``0912345678``)
    unless it starts with the country code 84. Anything else is kept as written."""
    number = _as_whole_number(value) if not isinstance(value, str) else None
    if number is not None and number >= 0:
        digits = str(number)
        text = digits if digits.startswith(("0", "84")) else "0" + digits
    else:
        text = as_text(value, max_length=PHONE_MAX_LENGTH)
        if _ZERO_LOST.fullmatch(text) and not text.startswith("84"):
            text = "0" + text
    if len(text) > PHONE_MAX_LENGTH:
        raise InvalidValue(
            _("Too long: at most %(limit)s characters, this cell has %(length)s.")
            % {"limit": PHONE_MAX_LENGTH, "length": len(text)}
        )
    return text
