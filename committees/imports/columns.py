"""The columns of each kind of file: their headers (as users write them, in Vietnamese, whatever
the interface language), whether they are required, and what goes in them.

The importers, the explanations on the import page and the downloadable templates all read
these lists, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .values import lookup_key

UNIT_CODE = "Mã đơn vị"
UNIT_NAME = "Tên đơn vị"
UNIT_KIND = "Loại đơn vị"
PARENT_CODE = "Mã đơn vị cấp trên"
PERSON_CODE = "Mã cá nhân"
FULL_NAME = "Họ và tên"
BIRTH_DATE = "Ngày sinh"
GENDER = "Giới tính"
PARTY_MEMBER = "Đảng viên"
POSITION = "Chức vụ"
PHONE = "Số điện thoại"
YEAR = "Năm"
RATING = "Xếp loại"
SCORE = "Điểm"


@dataclass(frozen=True)
class Column:
    header: str
    help: Promise
    #: the header must be in the file
    required: bool = True
    #: every data row must fill the cell
    cell_required: bool = True
    #: the cells are text: a template formats them as Text so Excel keeps leading zeros
    text: bool = False
    #: the cells are dates: a template formats them as dd/mm/yyyy
    date: bool = False
    #: values a template offers in a drop-down list
    choices: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return lookup_key(self.header)


UNIT_COLUMNS = (
    Column(
        UNIT_CODE,
        _(
            "The unit's code, unique across the system; it identifies the unit "
            "when the file is imported again."
        ),
        text=True,
    ),
    Column(UNIT_NAME, _("The unit's full name.")),
    Column(
        UNIT_KIND,
        _(
            "A code such as thanh_uy, quan_uy, dang_uy_co_so, chi_bo or doan_the, "
            "or its name in Vietnamese, such as Quận ủy or Chi bộ."
        ),
        choices=(
            "thanh_uy",
            "tinh_uy",
            "quan_uy",
            "huyen_uy",
            "dang_uy_truc_thuoc",
            "dang_uy_khoi",
            "dang_uy_xa",
            "dang_uy_co_so",
            "chi_bo_co_so",
            "chi_bo",
            "doan_the",
        ),
    ),
    Column(
        PARENT_CODE,
        _(
            "The code of the unit directly above: already in the system or "
            "anywhere in the same file. Empty only for a top-level unit."
        ),
        cell_required=False,
        text=True,
    ),
)

PERSON_COLUMNS = (
    Column(PERSON_CODE, _("The person's code, unique across the system."), text=True),
    Column(FULL_NAME, _("Full name.")),
    Column(
        BIRTH_DATE,
        _("Date of birth as dd/mm/yyyy, or a date cell. May be empty."),
        cell_required=False,
        date=True,
    ),
    Column(GENDER, _("Nam or Nữ. May be empty."), cell_required=False, choices=("Nam", "Nữ")),
    Column(UNIT_CODE, _("The code of the person's unit, already in the system."), text=True),
    Column(PARTY_MEMBER, _("Có for a party member, Không otherwise."), choices=("Có", "Không")),
    Column(POSITION, _("Position. May be empty."), cell_required=False),
    Column(
        PHONE,
        _(
            "Phone number. May be empty; format the column as Text so that Excel keeps "
            "the leading zero."
        ),
        cell_required=False,
        text=True,
    ),
)

_RATING_CHOICES = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
RATING_COLUMNS = (
    Column(YEAR, _("The year rated, such as 2024.")),
    Column(
        RATING,
        _("HTXSNV, HTTNV, HTNV or KHTNV, or the rating in full, such as Hoàn thành tốt nhiệm vụ."),
        choices=_RATING_CHOICES,
    ),
    Column(
        SCORE,
        _(
            "Optional: the score out of 100 (Quy định 366-QĐ/TW). Without this column "
            "the scores already recorded are kept."
        ),
        required=False,
        cell_required=False,
    ),
)
PERSON_RATING_COLUMNS = (
    Column(PERSON_CODE, _("The code of the person rated, already in the system."), text=True),
    *RATING_COLUMNS,
)
UNIT_RATING_COLUMNS = (
    Column(UNIT_CODE, _("The code of the unit rated, already in the system."), text=True),
    *RATING_COLUMNS,
)
