"""Deterministic demo data: two party trees, their people, ratings, inspection records, logins.

* "Thành ủy Cần Thơ" (code ``TU``) in the shape the seed documents were written for (before
  1 July 2025): city → district-level committees → grassroots committees → cells, with a
  grassroots cell and mass organisations hanging directly under a district.
* "Tỉnh ủy Hậu Giang mẫu" (code ``HG``) in the shape since July 2025: ward and commune committees
  directly under the province.

Everything comes from one ``random.Random(2025)``: the whole plan is drawn in memory first and
only then written, so a tree that already exists (its top unit's code is taken) is skipped without
changing what the other tree would get. Running the command again changes nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from committees.models import (
    Body,
    BodyKind,
    Gender,
    Person,
    PersonRating,
    Rating,
    ReviewKind,
    ReviewRecord,
    Role,
    Unit,
    UnitKind,
    UnitRating,
    User,
    normalize_text,
)
from committees.services import create_unit

SEED = 2025
DEMO_PASSWORD = "DangVien@2025"  # noqa: S105 - the published password of the demo accounts
YEARS = (2023, 2024, 2025)
SCORED_YEARS = frozenset({2025})  # Quy định 366-QĐ/TW scores on 100 points from 2025 on
SECRETARY = "Bí thư chi bộ"
DEPUTY_SECRETARY = "Phó Bí thư chi bộ"
MEMBER = "Đảng viên"

K = UnitKind

# ---------------------------------------------------------------------------------------------
# The trees. A node: (code, name, kind, flavour of its people, children). Place names and
# document symbols follow from the kind and the nearest ancestor that names a place.
# ---------------------------------------------------------------------------------------------


@dataclass
class UnitPlan:
    code: str
    name: str
    kind: str
    place_name: str = ""
    document_symbol: str = ""
    flavour: str = ""  # which occupations its people have; empty: nobody is seeded here
    children: list[UnitPlan] = field(default_factory=list)


def _cells(prefix: str, names: list[tuple[str, str]], flavour: str) -> list[UnitPlan]:
    return [
        UnitPlan(f"{prefix}-{suffix}", name, K.CHI_BO, flavour=flavour) for suffix, name in names
    ]


def _wards(n: int) -> list[tuple[str, str]]:
    return [(f"KV{i}", f"Chi bộ khu vực {i}") for i in range(1, n + 1)]


def _hamlets(prefix: str, names: list[str]) -> list[tuple[str, str]]:
    return [(f"{prefix}{i}", f"Chi bộ ấp {name}") for i, name in enumerate(names, start=1)]


CITY = UnitPlan(
    "TU",
    "Thành ủy Cần Thơ",
    K.THANH_UY,
    "Cần Thơ",
    "TU",
    children=[
        UnitPlan(
            "NK",
            "Quận ủy Ninh Kiều",
            K.QUAN_UY,
            "Ninh Kiều",
            children=[
                UnitPlan(
                    "NK-AH",
                    "Đảng ủy phường An Hòa",
                    K.DANG_UY_CO_SO,
                    children=_cells("NK-AH", _wards(4), "residential"),
                ),
                UnitPlan(
                    "NK-XK",
                    "Đảng ủy phường Xuân Khánh",
                    K.DANG_UY_CO_SO,
                    children=_cells("NK-XK", _wards(3), "residential"),
                ),
                UnitPlan(
                    "NK-THPT", "Chi bộ Trường THPT Châu Văn Liêm", K.CHI_BO_CO_SO, flavour="school"
                ),
                UnitPlan("NK-MTTQ", "Ủy ban MTTQ Việt Nam quận Ninh Kiều", K.DOAN_THE),
                UnitPlan("NK-QD", "Quận đoàn Ninh Kiều", K.DOAN_THE),
                UnitPlan("NK-HPN", "Hội Liên hiệp Phụ nữ quận Ninh Kiều", K.DOAN_THE),
            ],
        ),
        UnitPlan(
            "BT",
            "Quận ủy Bình Thủy",
            K.QUAN_UY,
            "Bình Thủy",
            children=[
                UnitPlan(
                    "BT-AT",
                    "Đảng ủy phường An Thới",
                    K.DANG_UY_CO_SO,
                    children=_cells("BT-AT", _wards(3), "residential"),
                ),
                UnitPlan(
                    "BT-BHN",
                    "Đảng ủy phường Bùi Hữu Nghĩa",
                    K.DANG_UY_CO_SO,
                    children=_cells("BT-BHN", _wards(4), "residential"),
                ),
                UnitPlan(
                    "BT-TTYT",
                    "Chi bộ Trung tâm Y tế quận Bình Thủy",
                    K.CHI_BO_CO_SO,
                    flavour="health",
                ),
                UnitPlan("BT-MTTQ", "Ủy ban MTTQ Việt Nam quận Bình Thủy", K.DOAN_THE),
            ],
        ),
        UnitPlan(
            "PD",
            "Huyện ủy Phong Điền",
            K.HUYEN_UY,
            "Phong Điền",
            children=[
                UnitPlan(
                    "PD-NA",
                    "Đảng ủy xã Nhơn Ái",
                    K.DANG_UY_CO_SO,
                    children=_cells(
                        "PD-NA",
                        [
                            ("NL", "Chi bộ ấp Nhơn Lộc"),
                            ("NT", "Chi bộ ấp Nhơn Thọ"),
                            ("NB", "Chi bộ ấp Nhơn Bình"),
                            ("NP", "Chi bộ ấp Nhơn Phú"),
                        ],
                        "rural",
                    ),
                ),
                UnitPlan(
                    "PD-TT",
                    "Đảng ủy xã Tân Thới",
                    K.DANG_UY_CO_SO,
                    children=_cells(
                        "PD-TT",
                        [
                            ("TL", "Chi bộ ấp Tân Long"),
                            ("TH", "Chi bộ ấp Tân Hưng"),
                            ("TB", "Chi bộ ấp Tân Bình"),
                        ],
                        "rural",
                    ),
                ),
                UnitPlan("PD-MTTQ", "Ủy ban MTTQ Việt Nam huyện Phong Điền", K.DOAN_THE),
                UnitPlan("PD-HD", "Huyện đoàn Phong Điền", K.DOAN_THE),
            ],
        ),
        UnitPlan(
            "KCQ",
            "Đảng ủy Khối Cơ quan và Doanh nghiệp thành phố",
            K.DANG_UY_KHOI,
            children=[
                UnitPlan(
                    "KCQ-STC",
                    "Đảng ủy Sở Tài chính",
                    K.DANG_UY_CO_SO,
                    children=_cells(
                        "KCQ-STC",
                        [
                            ("VP", "Chi bộ Văn phòng Sở"),
                            ("NS", "Chi bộ Phòng Quản lý ngân sách"),
                            ("DN", "Chi bộ Phòng Tài chính doanh nghiệp"),
                        ],
                        "office",
                    ),
                ),
                UnitPlan(
                    "KCQ-CTN",
                    "Đảng ủy Công ty Cổ phần Cấp thoát nước Cần Thơ",
                    K.DANG_UY_CO_SO,
                    children=_cells(
                        "KCQ-CTN",
                        [
                            ("XN1", "Chi bộ Xí nghiệp Cấp nước số 1"),
                            ("KT", "Chi bộ Phòng Kỹ thuật"),
                            ("KD", "Chi bộ Phòng Kinh doanh"),
                        ],
                        "enterprise",
                    ),
                ),
                UnitPlan("KCQ-TV", "Chi bộ Thư viện thành phố", K.CHI_BO_CO_SO, flavour="office"),
                UnitPlan("KCQ-DK", "Đoàn Khối Cơ quan và Doanh nghiệp thành phố", K.DOAN_THE),
            ],
        ),
    ],
)

PROVINCE = UnitPlan(
    "HG",
    "Tỉnh ủy Hậu Giang mẫu",
    K.TINH_UY,
    "Hậu Giang",
    "TU",
    children=[
        UnitPlan(
            "HG-VT",
            "Đảng ủy phường Vị Thanh",
            K.DANG_UY_XA,
            "Vị Thanh",
            children=_cells("HG-VT", _wards(3), "residential"),
        ),
        UnitPlan(
            "HG-VTY",
            "Đảng ủy xã Vị Thủy",
            K.DANG_UY_XA,
            "Vị Thủy",
            children=_cells("HG-VTY", _hamlets("A", ["Vĩnh Phú", "Vĩnh Thuận"]), "rural"),
        ),
    ],
)

# Top unit code → (person code prefix, the day the tree is recorded as created).
TREES = [
    (CITY, "CT", datetime.date(2020, 10, 15)),
    (PROVINCE, "HG", datetime.date(2025, 7, 1)),
]

SYMBOLS = {
    K.THANH_UY: "TU",
    K.TINH_UY: "TU",
    K.QUAN_UY: "QU",
    K.HUYEN_UY: "HU",
    K.DANG_UY_KHOI: "ĐUK",
    K.DANG_UY_TRUC_THUOC: "ĐU",
    K.DANG_UY_CO_SO: "ĐU",
    K.DANG_UY_XA: "ĐU",
    K.CHI_BO_CO_SO: "CB",
    K.CHI_BO: "CB",
}

# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------

# Family names, roughly by how common they are in the Mekong Delta.
FAMILY_NAMES = [
    ("Nguyễn", 34),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 6),
    ("Huỳnh", 6),
    ("Võ", 5),
    ("Phan", 4),
    ("Trương", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 2),
    ("Lý", 2),
    ("Lâm", 2),
    ("Châu", 1),
    ("Đoàn", 1),
    ("Tô", 1),
    ("Hoàng", 1),
    ("Mai", 1),
    ("Cao", 1),
    ("Thái", 1),
    ("La", 1),
]
MIDDLE_NAMES = {
    Gender.MALE: [
        "Văn",
        "Văn",
        "Văn",
        "Minh",
        "Quốc",
        "Hoàng",
        "Thanh",
        "Hữu",
        "Đức",
        "Công",
        "Tấn",
        "Ngọc",
        "Trung",
        "Phước",
        "Chí",
    ],
    Gender.FEMALE: [
        "Thị",
        "Thị",
        "Thị",
        "Ngọc",
        "Thanh",
        "Kim",
        "Mỹ",
        "Thu",
        "Bích",
        "Phương",
        "Hồng",
        "Thùy",
        "Diễm",
        "Cẩm",
    ],
}
GIVEN_NAMES = {
    Gender.MALE: [
        "Hùng",
        "Dũng",
        "Tuấn",
        "Minh",
        "Phúc",
        "Long",
        "Nam",
        "Khang",
        "Bình",
        "Tài",
        "Trung",
        "Hiếu",
        "Thắng",
        "Sơn",
        "Lộc",
        "Phong",
        "Hòa",
        "Nghĩa",
        "Tâm",
        "Toàn",
        "Vinh",
        "Hải",
        "Quang",
        "Khoa",
        "Duy",
        "Thành",
        "Đạt",
        "Kiệt",
        "Lâm",
        "Nhân",
        "Thiện",
        "Hậu",
        "Trí",
        "Tín",
        "Cường",
        "Huy",
    ],
    Gender.FEMALE: [
        "Lan",
        "Hương",
        "Mai",
        "Hoa",
        "Thảo",
        "Trang",
        "Ngân",
        "Linh",
        "Yến",
        "Nhung",
        "Hạnh",
        "Phượng",
        "Loan",
        "Diễm",
        "Thúy",
        "Hằng",
        "Ngọc",
        "Trinh",
        "Vy",
        "Uyên",
        "Tuyết",
        "Châu",
        "Hiền",
        "Oanh",
        "Xuân",
        "Quyên",
        "Giang",
        "Thư",
        "Nhi",
        "Hân",
        "Duyên",
        "Liên",
    ],
}

# Titles other than the secretaries, by the kind of place the cell is in.
MEMBER_TITLES = {
    "residential": [
        "Tổ trưởng tổ dân phố",
        "Trưởng khu vực",
        "Cán bộ hưu trí",
        "Cựu chiến binh",
        "Chi hội trưởng Chi hội Phụ nữ",
        "Hộ kinh doanh",
    ],
    "rural": [
        "Trưởng ấp",
        "Phó Trưởng ấp",
        "Nông dân",
        "Chi hội trưởng Chi hội Nông dân",
        "Cán bộ hưu trí",
        "Cựu chiến binh",
    ],
    "school": [
        "Hiệu trưởng",
        "Phó Hiệu trưởng",
        "Tổ trưởng chuyên môn",
        "Giáo viên",
        "Giáo viên",
        "Kế toán",
    ],
    "health": ["Giám đốc Trung tâm", "Bác sĩ", "Bác sĩ", "Điều dưỡng", "Y sĩ", "Dược sĩ"],
    "office": [
        "Trưởng phòng",
        "Phó Trưởng phòng",
        "Chuyên viên",
        "Chuyên viên chính",
        "Kế toán",
        "Văn thư",
    ],
    "enterprise": [
        "Giám đốc Xí nghiệp",
        "Kỹ sư",
        "Kỹ sư",
        "Công nhân vận hành",
        "Kế toán",
        "Nhân viên kinh doanh",
    ],
}
NON_MEMBER_TITLES = {
    "residential": ["Sinh viên", "Công nhân", "Người lao động tự do", "Công chức"],
    "rural": ["Nông dân", "Công nhân", "Sinh viên", "Công chức"],
    "school": ["Giáo viên", "Giáo viên", "Nhân viên thư viện"],
    "health": ["Điều dưỡng", "Kỹ thuật viên xét nghiệm", "Viên chức"],
    "office": ["Công chức", "Chuyên viên", "Nhân viên hợp đồng"],
    "enterprise": ["Công nhân", "Công nhân", "Nhân viên kinh doanh"],
}
# How many ordinary members are listed just as "Đảng viên" rather than by their job.
PLAIN_MEMBER_SHARE = {"residential": 0.6, "rural": 0.6}
ONE_PER_UNIT = {
    "Trưởng khu vực",
    "Trưởng ấp",
    "Phó Trưởng ấp",
    "Hiệu trưởng",
    "Phó Hiệu trưởng",
    "Giám đốc Trung tâm",
    "Giám đốc Xí nghiệp",
    "Chi hội trưởng Chi hội Phụ nữ",
    "Chi hội trưởng Chi hội Nông dân",
}
RETIRED = {"Cán bộ hưu trí", "Cựu chiến binh"}
STUDENT = {"Sinh viên"}

PERSON_RATING_WEIGHTS = [
    (Rating.HTXSNV, 16),
    (Rating.HTTNV, 68),
    (Rating.HTNV, 14),
    (Rating.KHTNV, 2),
]
SECRETARY_RATING_WEIGHTS = [(Rating.HTXSNV, 30), (Rating.HTTNV, 64), (Rating.HTNV, 6)]
UNIT_RATING_WEIGHTS = [
    (Rating.HTXSNV, 20),
    (Rating.HTTNV, 64),
    (Rating.HTNV, 13),
    (Rating.KHTNV, 3),
]
SCORE_RANGES = {
    Rating.HTXSNV: (90, 100),
    Rating.HTTNV: (70, 89),
    Rating.HTNV: (50, 69),
    Rating.KHTNV: (30, 49),
}

# Inspection and discipline records: (cell code, kind, from, until, decision, note). The person
# is the first ordinary member of that cell; ``until`` None means still open.
REVIEWS = [
    (
        "NK-AH-KV1",
        ReviewKind.INSPECTION,
        datetime.date(2025, 10, 6),
        None,
        "Quyết định số 15-QĐ/UBKTĐU",
        "Kiểm tra khi có dấu hiệu vi phạm trong thực hiện nhiệm vụ đảng viên.",
    ),
    (
        "PD-NA-NL",
        ReviewKind.DISCIPLINE_REVIEW,
        datetime.date(2025, 11, 3),
        None,
        "Thông báo số 08-TB/UBKTHU",
        "Xem xét kỷ luật do vi phạm quy định về đất đai.",
    ),
    (
        "BT-BHN-KV2",
        ReviewKind.DISCIPLINE,
        datetime.date(2025, 8, 20),
        None,
        "Quyết định số 21-QĐ/UBKTQU",
        "Kỷ luật khiển trách.",
    ),
    (
        "HG-VT-KV2",
        ReviewKind.INSPECTION,
        datetime.date(2025, 12, 1),
        None,
        "Quyết định số 03-QĐ/UBKTĐU",
        "Kiểm tra khi có dấu hiệu vi phạm.",
    ),
    (
        "NK-THPT",
        ReviewKind.INSPECTION,
        datetime.date(2023, 3, 1),
        datetime.date(2023, 5, 31),
        "Quyết định số 04-QĐ/UBKTQU",
        "Kết luận: không vi phạm.",
    ),
    (
        "NK-AH-KV3",
        ReviewKind.INSPECTION,
        datetime.date(2024, 9, 9),
        datetime.date(2024, 11, 15),
        "Quyết định số 11-QĐ/UBKTĐU",
        "Kết luận: có khuyết điểm, đã kiểm điểm rút kinh nghiệm.",
    ),
    (
        "KCQ-STC-NS",
        ReviewKind.DISCIPLINE_REVIEW,
        datetime.date(2024, 2, 15),
        datetime.date(2024, 4, 30),
        "Thông báo số 05-TB/UBKTĐUK",
        "Kết luận: chưa đến mức phải xử lý kỷ luật.",
    ),
    (
        "PD-TT-TL",
        ReviewKind.DISCIPLINE,
        datetime.date(2023, 8, 1),
        datetime.date(2024, 7, 31),
        "Quyết định số 17-QĐ/UBKTHU",
        "Kỷ luật khiển trách; đã hết thời hạn.",
    ),
]

# Logins: (username, role, unit code, full name, superuser). A full name of None: the account
# belongs to the cell's secretary, and takes the name and member record of that person.
#: staff the unit's admin entrusts with the accounts of the subtree
ACCOUNT_MANAGERS = {"nk_tochuc"}

LOGINS = [
    ("admin", Role.ADMIN, "TU", "Quản trị hệ thống", True),
    ("tu_admin", Role.ADMIN, "TU", "Lê Hoàng Phúc", False),
    ("tu_tochuc", Role.STAFF, "TU", "Trần Thị Ngọc Hân", False),
    ("tu_btv", Role.STANDING_MEMBER, "TU", "Nguyễn Văn Thành", False),
    ("nk_tochuc", Role.STAFF, "NK", "Phạm Thị Thu Hà", False),
    ("nk_btv", Role.STANDING_MEMBER, "NK", "Võ Minh Tuấn", False),
    ("pd_tochuc", Role.STAFF, "PD", "Huỳnh Thị Kim Loan", False),
    ("ah_tochuc", Role.STAFF, "NK-AH", "Đặng Quốc Huy", False),
    ("bithu_kv1", Role.CELL_SECRETARY, "NK-AH-KV1", None, False),
    ("bithu_thpt", Role.CELL_SECRETARY, "NK-THPT", None, False),
    ("bithu_nhonloc", Role.CELL_SECRETARY, "PD-NA-NL", None, False),
    ("hg_tochuc", Role.STAFF, "HG", "Lý Thị Mỹ Duyên", False),
]


# ---------------------------------------------------------------------------------------------
# Drawing the plan
# ---------------------------------------------------------------------------------------------


@dataclass
class TreePlan:
    top: UnitPlan
    units: list[tuple[UnitPlan, str | None]] = field(default_factory=list)  # (unit, parent)
    bodies: list[Body] = field(default_factory=list)  # unit_id unset; see body_units
    body_units: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)  # unit_id unset; see person_units
    person_units: list[str] = field(default_factory=list)
    person_ratings: list[tuple[str, int, str, int | None]] = field(default_factory=list)
    unit_ratings: list[tuple[str, int, str, int | None]] = field(default_factory=list)


def _weighted(rng: random.Random, weights: list[tuple[str, int]]) -> str:
    values, counts = zip(*weights, strict=True)
    return rng.choices(values, weights=counts)[0]


def _ratings(rng, weights) -> list[tuple[int, str, int | None]]:
    out = []
    for year in YEARS:
        rating = _weighted(rng, weights)
        score = rng.randint(*SCORE_RANGES[rating]) if year in SCORED_YEARS else None
        out.append((year, rating, score))
    return out


class Planner:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used_names: set[str] = set()

    def name(self, gender: str) -> str:
        rng = self.rng
        while True:
            family = _weighted(rng, FAMILY_NAMES)
            middle = rng.choice(MIDDLE_NAMES[gender])
            given = rng.choice(GIVEN_NAMES[gender])
            if rng.random() < 0.15:  # a second middle name: "Nguyễn Thị Ngọc Hân"
                extra = rng.choice(MIDDLE_NAMES[gender])
                if extra != middle:
                    middle = f"{middle} {extra}"
            full = normalize_text(f"{family} {middle} {given}")
            if full not in self.used_names:
                self.used_names.add(full)
                return full

    def birth_date(self, first_year: int, last_year: int) -> datetime.date:
        rng = self.rng
        return datetime.date(
            rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28)
        )

    def tree(self, top: UnitPlan, person_prefix: str) -> TreePlan:
        plan = TreePlan(top=top)
        counter = [0]

        def walk(node: UnitPlan, parent: UnitPlan | None, depth: int) -> None:
            node.document_symbol = node.document_symbol or SYMBOLS.get(node.kind, "")
            plan.units.append((node, parent.code if parent else None))
            self.bodies(plan, node, depth)
            if node.flavour:
                self.people(plan, node, person_prefix, counter)
            if node.kind in UnitKind.party_kinds():
                for year, rating, score in _ratings(self.rng, UNIT_RATING_WEIGHTS):
                    plan.unit_ratings.append((node.code, year, rating, score))
            for child in node.children:
                walk(child, node, depth + 1)

        walk(top, None, 0)
        return plan

    def bodies(self, plan: TreePlan, node: UnitPlan, depth: int) -> None:
        rng = self.rng
        bodies: list[tuple[str, str, int]] = []
        if depth == 0:
            bodies = [
                (
                    BodyKind.STANDING_COMMITTEE,
                    f"Ban Thường vụ {node.name}",
                    15 if node.kind == K.THANH_UY else 13,
                ),
                (BodyKind.ORGANISATION_COMMITTEE, f"Ban Tổ chức {node.name}", 9),
                (BodyKind.EMULATION_COUNCIL, f"Hội đồng Thi đua - Khen thưởng {node.name}", 11),
            ]
        elif node.kind in {K.QUAN_UY, K.HUYEN_UY, K.DANG_UY_KHOI, K.DANG_UY_TRUC_THUOC}:
            bodies = [
                (BodyKind.STANDING_COMMITTEE, f"Ban Thường vụ {node.name}", rng.randint(9, 13)),
                (BodyKind.ORGANISATION_COMMITTEE, f"Ban Tổ chức {node.name}", rng.randint(4, 7)),
            ]
        elif node.kind == K.DANG_UY_XA:
            # Since July 2025 a commune or ward committee has a standing committee and a
            # party-building committee doing the organisation committee's work.
            bodies = [
                (BodyKind.STANDING_COMMITTEE, f"Ban Thường vụ {node.name}", rng.randint(5, 7)),
                (
                    BodyKind.ORGANISATION_COMMITTEE,
                    f"Ban Xây dựng Đảng {node.name}",
                    rng.randint(3, 5),
                ),
            ]
        elif node.kind == K.DANG_UY_CO_SO:
            congress = node.name.replace("Đảng ủy", "Đảng bộ", 1)
            bodies = [
                (BodyKind.EXECUTIVE_COMMITTEE, f"Ban Chấp hành {congress}", rng.randint(5, 9))
            ]
        elif node.kind == K.CHI_BO_CO_SO:
            bodies = [(BodyKind.CELL_COMMITTEE, f"Chi ủy {node.name}", 3)]
        for kind, name, members in bodies:
            plan.bodies.append(Body(kind=kind, name=name, member_count=members))
            plan.body_units.append(node.code)

    def people(self, plan: TreePlan, node: UnitPlan, prefix: str, counter: list[int]) -> None:
        rng = self.rng
        taken: set[str] = set()  # the titles only one person of a unit holds
        for i in range(rng.randint(10, 16)):
            gender = Gender.MALE if rng.random() < 0.55 else Gender.FEMALE
            if i == 0:
                member, position = True, SECRETARY
            elif i == 1 and rng.random() < 0.8:
                member, position = True, DEPUTY_SECRETARY
            elif rng.random() < 0.14:
                member, position = False, rng.choice(NON_MEMBER_TITLES[node.flavour])
            elif rng.random() < PLAIN_MEMBER_SHARE.get(node.flavour, 0.3):
                member, position = True, MEMBER
            else:
                member, position = True, rng.choice(MEMBER_TITLES[node.flavour])
                if position in ONE_PER_UNIT:
                    position = MEMBER if position in taken else position
                    taken.add(position)
            if position in RETIRED:
                born = self.birth_date(1948, 1962)
            elif position in STUDENT:
                born = self.birth_date(2003, 2006)
            elif member:
                born = self.birth_date(1963, 2000)
            else:
                born = self.birth_date(1975, 2003)
            counter[0] += 1
            code = f"{prefix}{counter[0]:06d}"
            plan.people.append(
                Person(
                    code=code,
                    full_name=self.name(gender),
                    date_of_birth=born,
                    gender=gender,
                    is_party_member=member,
                    position=position,
                    phone=f"09{rng.randrange(10**8):08d}",
                )
            )
            plan.person_units.append(node.code)
            if member:
                weights = SECRETARY_RATING_WEIGHTS if i == 0 else PERSON_RATING_WEIGHTS
                for year, rating, score in _ratings(rng, weights):
                    plan.person_ratings.append((code, year, rating, score))


# ---------------------------------------------------------------------------------------------
# Writing it
# ---------------------------------------------------------------------------------------------


def _write_tree(plan: TreePlan, created_on: datetime.date) -> None:
    units: dict[str, Unit] = {}
    for node, parent_code in plan.units:
        parent = None
        if parent_code:
            parent = units[parent_code]
            parent.refresh_from_db()  # treebeard reads the parent's current child count
        units[node.code] = create_unit(
            parent=parent,
            code=node.code,
            name=node.name,
            kind=node.kind,
            effective_on=created_on,
            place_name=node.place_name,
            document_symbol=node.document_symbol,
        )
    for body, code in zip(plan.bodies, plan.body_units, strict=True):
        body.unit = units[code]
    Body.objects.bulk_create(plan.bodies)
    for person, code in zip(plan.people, plan.person_units, strict=True):
        person.unit = units[code]
    Person.objects.bulk_create(plan.people, batch_size=500)
    person_ids = dict(
        Person.objects.unscoped("demo seeding")
        .filter(code__in=[p.code for p in plan.people])
        .values_list("code", "id")
    )
    PersonRating.objects.bulk_create(
        [
            PersonRating(person_id=person_ids[code], year=year, rating=rating, score=score)
            for code, year, rating, score in plan.person_ratings
        ],
        batch_size=500,
    )
    UnitRating.objects.bulk_create(
        [
            UnitRating(unit=units[code], year=year, rating=rating, score=score)
            for code, year, rating, score in plan.unit_ratings
        ],
        batch_size=500,
    )
    records = []
    for cell, kind, started, ended, reference, note in REVIEWS:
        if cell not in units:
            continue
        person = (
            Person.objects.unscoped("demo seeding")
            .filter(unit=units[cell], is_party_member=True, position=MEMBER)
            .order_by("code")
            .first()
        )
        if person is not None:
            records.append(
                ReviewRecord(
                    person=person,
                    kind=kind,
                    started_on=started,
                    ended_on=ended,
                    reference=reference,
                    note=note,
                )
            )
    ReviewRecord.objects.bulk_create(records)


def _write_logins() -> list[User]:
    password = None
    accounts = []
    existing = {u.username: u for u in User.objects.filter(username__in=[x[0] for x in LOGINS])}
    for username, role, unit_code, full_name, superuser in LOGINS:
        user = existing.get(username)
        if user is None:
            unit = Unit.objects.filter(code=unit_code).first()
            if unit is None:
                continue
            person = None
            if full_name is None:
                person = (
                    Person.objects.unscoped("demo seeding")
                    .filter(unit=unit, position=SECRETARY)
                    .order_by("code")
                    .first()
                )
                full_name = person.full_name if person else ""
            # One hash for every demo account: PBKDF2 is slow on purpose.
            password = password or make_password(DEMO_PASSWORD)
            user = User.objects.create(
                username=username,
                password=password,
                # The demo's e-mails go to var/mail/ (the file backend): nothing leaves.
                email=f"{username}@example.org",
                role=role,
                unit=unit,
                person=person,
                full_name=full_name,
                is_superuser=superuser,
                is_staff=superuser,
                # The district's organisation staff is entrusted with its accounts.
                can_manage_accounts=username in ACCOUNT_MANAGERS,
            )
        accounts.append(user)
    return accounts


class Command(BaseCommand):
    help = (
        "Create deterministic demo data (a city tree in the pre-2025 shape, a province tree in "
        "the post-2025 shape, people, ratings, inspection records and one login per role). "
        "Idempotent: a tree whose top unit exists is left alone."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        planner = Planner(random.Random(SEED))
        # Draw every tree, even those that already exist, so each tree always gets the same data.
        plans = [(planner.tree(top, prefix), created_on) for top, prefix, created_on in TREES]
        with transaction.atomic():
            for plan, created_on in plans:
                if Unit.objects.filter(code=plan.top.code).exists():
                    if verbosity:
                        self.stdout.write(f"{plan.top.name} ({plan.top.code}) exists: skipped.")
                    continue
                _write_tree(plan, created_on)
                if verbosity:
                    members = sum(1 for p in plan.people if p.is_party_member)
                    self.stdout.write(
                        self.style.SUCCESS(
                            f"Created {plan.top.name} ({plan.top.code}): {len(plan.units)} units, "
                            f"{len(plan.people)} people ({members} party members), "
                            f"{len(plan.person_ratings) + len(plan.unit_ratings)} ratings."
                        )
                    )
            accounts = _write_logins()
        if verbosity:
            self.stdout.write(self.logins_table(accounts))

    @staticmethod
    def logins_table(accounts: list[User]) -> str:
        rows = [("username", "role", "unit", "password")]
        rows += [
            (u.username, u.role, f"{u.unit.name} ({u.unit.code})" if u.unit else "", DEMO_PASSWORD)
            for u in accounts
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        lines = ["", "Demo logins:"]
        for n, row in enumerate(rows):
            lines.append(
                "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines)
