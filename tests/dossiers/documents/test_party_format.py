"""The Party's document format (Hướng dẫn 36-HD/VPTW) as data: the letterhead lines, the number,
the date line, the cap in words."""

import datetime
import unicodedata

import pytest

from campaigns.models import Rounding
from campaigns.rules_engine import check_cap
from committees.models import Unit, UnitKind
from dossiers.documents import party_format as pf


def unit(name, kind=UnitKind.QUAN_UY, *, symbol="", place=""):
    return Unit(name=name, kind=kind, document_symbol=symbol, place_name=place)


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (datetime.date(2025, 2, 7), "Ninh Kiều, ngày 07 tháng 02 năm 2025"),
        (datetime.date(2023, 2, 27), "Ninh Kiều, ngày 27 tháng 02 năm 2023"),
        (datetime.date(2024, 12, 1), "Ninh Kiều, ngày 01 tháng 12 năm 2024"),
        (datetime.date(2025, 1, 15), "Ninh Kiều, ngày 15 tháng 01 năm 2025"),
        (datetime.date(2025, 3, 5), "Ninh Kiều, ngày 05 tháng 3 năm 2025"),
        (datetime.date(2018, 4, 3), "Ninh Kiều, ngày 03 tháng 4 năm 2018"),
        (datetime.date(2023, 9, 30), "Ninh Kiều, ngày 30 tháng 9 năm 2023"),
    ],
)
def test_the_date_line_pads_days_below_ten_and_the_months_one_and_two(day, line):
    """As Hướng dẫn 36-HD/VPTW's own dateline: "ngày 05 tháng 3", "ngày 27 tháng 02"."""
    assert pf.date_line("Ninh Kiều", day) == line


def test_the_number_has_no_colon_and_takes_the_units_symbol():
    assert pf.document_number("12", "to_trinh", unit("Quận ủy Ninh Kiều", symbol="QU")) == (
        "Số 12-TTr/QU"
    )
    assert pf.document_number("3", "bien_ban", unit("Quận ủy Ninh Kiều", symbol="QU")) == (
        "Số 3-BB/QU"
    )


@pytest.mark.parametrize(
    ("kind", "symbol"),
    [
        (UnitKind.QUAN_UY, "QU"),
        (UnitKind.HUYEN_UY, "HU"),
        (UnitKind.THANH_UY, "TU"),
        (UnitKind.DANG_UY_CO_SO, "ĐU"),
        (UnitKind.CHI_BO, "CB"),
    ],
)
def test_without_a_recorded_symbol_the_kind_gives_one(kind, symbol):
    assert pf.unit_symbol(unit("Tên bất kỳ", kind)) == symbol


def test_a_mass_organisation_without_a_symbol_gets_its_initials():
    mttq = unit("Ủy ban MTTQ Việt Nam quận Ninh Kiều", UnitKind.DOAN_THE)
    assert pf.unit_symbol(mttq) == "ỦBMVNQNK"


def test_without_a_number_room_is_left_to_write_it_by_hand():
    number = pf.document_number("", "to_trinh", unit("Quận ủy Ninh Kiều", symbol="QU"))
    assert number.startswith("Số ") and number.endswith("-TTr/QU")
    assert number.replace("\u00a0", "") == "Số -TTr/QU"


@pytest.mark.parametrize(
    ("name", "organisation"),
    [
        ("Thành ủy Cần Thơ", "Đảng bộ thành phố Cần Thơ"),
        ("Thành uỷ Hải Phòng", "Đảng bộ thành phố Hải Phòng"),
        ("Quận ủy Ninh Kiều", "Đảng bộ quận Ninh Kiều"),
        ("Huyện ủy Phong Điền", "Đảng bộ huyện Phong Điền"),
        ("Đảng ủy phường An Hòa", "Đảng bộ phường An Hòa"),
        ("Chi bộ khu vực 1", "Chi bộ khu vực 1"),
    ],
)
def test_the_superior_line_names_the_party_organisation_a_committee_leads(name, organisation):
    assert pf.organisation_name(unit(name)) == organisation


def test_capitals_keep_every_tone_mark():
    assert pf.upper("Quận ủy Ninh Kiều") == "QUẬN ỦY NINH KIỀU"
    assert pf.upper(pf.organisation_name(unit("Thành ủy Cần Thơ"))) == ("ĐẢNG BỘ THÀNH PHỐ CẦN THƠ")


def test_the_letterhead_of_a_district_under_the_city():
    district = unit("Quận ủy Ninh Kiều", symbol="QU")
    head = pf.letterhead(
        district,
        unit("Thành ủy Cần Thơ", UnitKind.THANH_UY),
        number="12",
        type_code="to_trinh",
        place="Ninh Kiều",
        day=datetime.date(2025, 2, 7),
        on_behalf="T/M Ban Thường vụ",
        signer_title="Phó Bí thư",
        signer_name="Nguyễn Văn Ký",
    )
    assert (head.superior, head.issuing, head.number) == (
        "ĐẢNG BỘ THÀNH PHỐ CẦN THƠ",
        "QUẬN ỦY NINH KIỀU",
        "Số 12-TTr/QU",
    )
    assert head.date_line == "Ninh Kiều, ngày 07 tháng 02 năm 2025"
    assert (head.on_behalf, head.signer_title) == ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ")


def test_the_top_unit_has_no_superior_line():
    head = pf.letterhead(
        unit("Thành ủy Cần Thơ", UnitKind.THANH_UY),
        None,
        number="",
        type_code=None,
        place="Cần Thơ",
        day=datetime.date(2025, 2, 7),
    )
    assert head.superior == "" and head.number == ""


def test_the_place_is_the_nearest_recorded_or_named_one():
    city = unit("Thành ủy Cần Thơ", UnitKind.THANH_UY)
    district = unit("Quận ủy Ninh Kiều", place="Ninh Kiều")
    ward = unit("Đảng ủy phường An Hòa", UnitKind.DANG_UY_CO_SO)
    cell = unit("Chi bộ khu vực 1", UnitKind.CHI_BO)
    assert pf.place_of(district, [city]) == "Ninh Kiều"
    assert pf.place_of(cell, [city, district, ward]) == "An Hòa"
    assert pf.place_of(unit("Quận ủy Bình Thủy"), [city]) == "Bình Thủy"


def test_text_typed_decomposed_is_normalised():
    decomposed = unicodedata.normalize("NFD", "Trần Thị Thu Hương")
    assert decomposed != "Trần Thị Thu Hương"
    assert pf.nfc(decomposed) == "Trần Thị Thu Hương"


def test_the_seed_000_cap_in_words():
    cap = check_cap(base=37, percent=10, rounding=Rounding.FLOOR, requested=0)
    assert pf.cap_in_words(cap, of_received=False) == (
        "không quá 10% số cá nhân được biểu dương ở cấp mình: 10% × 37 = 3"
    )


def test_voting_fractions_in_words():
    assert pf.fraction_in_words(1, 2) == "1/2 (một phần hai)"
    assert pf.fraction_in_words(2, 3) == "2/3 (hai phần ba)"
    assert pf.fraction_in_words(70, 100) == "70/100"


@pytest.mark.parametrize(
    ("basis", "clause"),
    [
        ("Kế hoạch … (3/2/1930 - 3/2/2025).", "Kế hoạch … (3/2/1930 - 3/2/2025)"),
        ("Kết luận số 01-KL/TW;", "Kết luận số 01-KL/TW"),
        ("Kết luận số 01-KL/TW", "Kết luận số 01-KL/TW"),
    ],
)
def test_a_legal_basis_loses_its_own_full_stop_before_the_sentences_semicolon(basis, clause):
    assert pf.basis_clause(basis) == clause


@pytest.mark.parametrize(
    ("title", "commended"),
    [
        (
            "Sơ kết thực hiện Kết luận số 01-KL/TW và biểu dương, khen thưởng điển hình tiên "
            "tiến năm 2022",
            "biểu dương, khen thưởng điển hình tiên tiến năm 2022",
        ),
        ("Biểu dương bí thư chi bộ ấp", "biểu dương bí thư chi bộ ấp"),
        ("Tuyên dương các điển hình", "tuyên dương các điển hình"),
        ("Hội nghị điển hình 2024", "khen thưởng trong đợt “Hội nghị điển hình 2024”"),
    ],
)
def test_the_subject_names_the_commendation_not_the_whole_campaign(title, commended):
    """Seed 004: "về việc đề nghị biểu dương, khen thưởng…", never "đề nghị sơ kết…"."""
    assert pf.commendation_of(title) == commended


@pytest.mark.parametrize(
    ("rounding", "base", "words"),
    [
        (Rounding.CEIL, 4, "10% × 4 = 1 (làm tròn lên)"),
        (Rounding.FLOOR, 37, "10% × 37 = 3"),
        (Rounding.CEIL, 20, "10% × 20 = 2"),  # exact: nothing to round
    ],
)
def test_the_cap_says_when_the_campaign_rounds_up(rounding, base, words):
    cap = check_cap(base=base, percent=10, rounding=rounding, requested=1)
    assert pf.cap_in_words(cap, of_received=False, rounding=rounding).endswith(words)


def test_the_closing_time_of_a_meeting():
    held = datetime.datetime(2025, 1, 10, 9, 0)
    assert pf.closing_time_in_words(held, held.replace(hour=11, minute=30)) == (
        "11 giờ 30 phút cùng ngày"
    )
    assert pf.closing_time_in_words(held, datetime.datetime(2025, 1, 11, 8, 5)) == (
        "08 giờ 05 phút, ngày 11 tháng 01 năm 2025"
    )
