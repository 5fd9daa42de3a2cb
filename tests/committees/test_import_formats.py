"""The same roster imports to the same people from every format an office may upload, and
from its TCVN3 and VNI versions; a second import of any of them changes nothing."""

from __future__ import annotations

import csv
import io

import pytest

from committees.imports import ConversionNotConfirmed, ImportRefused, import_file
from committees.models import Person
from tests.factories import UnitFactory

from .rosters.roster import HERE, PEOPLE, UNIT, cells, xlsx

pytestmark = pytest.mark.usefixtures("english")


def roster_csv() -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["DANH SÁCH ĐẢNG VIÊN CHI BỘ 1"])
    writer.writerow([])
    from .rosters.roster import HEADERS

    writer.writerow(HEADERS)
    for index, person in enumerate(PEOPLE):
        row = cells(index, person)
        writer.writerow([v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v for v in row])
    return buffer.getvalue().encode("utf-8")


FILES = {
    "xlsx": lambda: (xlsx(), "roster.xlsx"),
    "xls": lambda: ((HERE / "roster.xls").read_bytes(), "roster.xls"),
    "ods": lambda: ((HERE / "roster.ods").read_bytes(), "roster.ods"),
    "csv": lambda: (roster_csv(), "roster.csv"),
    "xlsx in TCVN3": lambda: (xlsx("tcvn3"), "roster.xlsx"),
    "xlsx in VNI": lambda: (xlsx("vni"), "roster.xlsx"),
    "xls in TCVN3": lambda: ((HERE / "roster-tcvn3.xls").read_bytes(), "roster-tcvn3.xls"),
    "ods in VNI": lambda: ((HERE / "roster-vni.ods").read_bytes(), "roster-vni.ods"),
}


def people() -> list[tuple]:
    return list(
        Person.objects.unscoped("test")
        .order_by("code")
        .values_list(
            "code",
            "full_name",
            "date_of_birth",
            "gender",
            "is_party_member",
            "position",
            "phone",
        )
    )


@pytest.fixture
def unit(db):
    return UnitFactory(code=UNIT)


@pytest.mark.parametrize("version", FILES)
def test_every_format_and_encoding_of_the_roster_gives_the_same_people(unit, version):
    content, name = FILES[version]()

    first = import_file("people", io.BytesIO(content), name)
    again = import_file("people", io.BytesIO(content), name)

    assert people() == sorted(PEOPLE)
    assert (first.created, again.created, again.updated, again.unchanged) == (10, 0, 0, 10)
    assert Person.objects.unscoped("test").filter(unit=unit).count() == len(PEOPLE)


@pytest.mark.parametrize(
    "version, encoding",
    [("xlsx in TCVN3", "TCVN3"), ("xls in TCVN3", "TCVN3"), ("xlsx in VNI", "VNI")],
)
def test_a_legacy_roster_waits_for_the_user_to_confirm_its_conversion(unit, version, encoding):
    content, name = FILES[version]()

    with pytest.raises(ConversionNotConfirmed) as preview:
        import_file("people", io.BytesIO(content), name, conversions_confirmed=False)

    assert not Person.objects.unscoped("test").exists()
    names = {c.column: c for c in preview.value.conversions}
    assert names["Họ và tên"].encoding_name == encoding
    assert names["Họ và tên"].samples[0][1] == "Nguyễn Văn An"
    assert names["Họ và tên"].cells == len(PEOPLE)


def test_a_unicode_roster_needs_no_confirmation(unit):
    result = import_file("people", io.BytesIO(xlsx()), "r.xlsx", conversions_confirmed=False)
    assert (result.created, result.conversions) == (10, [])


def test_legacy_text_is_left_alone_when_asked(unit):
    with pytest.raises(ImportRefused) as refused:
        import_file("people", io.BytesIO(xlsx("tcvn3")), "r.xlsx", legacy_encoding="none")
    # the headers themselves are TCVN3: without conversion no column is known
    assert any("Unknown column" in error.message for error in refused.value.errors)
    assert not Person.objects.unscoped("test").exists()


@pytest.mark.parametrize("name", ["errors.xlsx", "errors.ods"])
def test_error_cells_saved_by_libreoffice_are_refused_at_their_row_and_column(unit, name):
    # Row 4 holds =NA() in Họ và tên and =1/0 in Số điện thoại, as LibreOffice saved them;
    # python-calamine reads such cells as empty ones.
    content = (HERE / name).read_bytes()

    with pytest.raises(ImportRefused) as refused:
        import_file("people", io.BytesIO(content), name)

    assert [(e.row, e.column) for e in refused.value.errors] == [
        (4, "Họ và tên"),
        (4, "Số điện thoại"),
    ]
    assert "#N/A" in refused.value.errors[0].message
    assert "#DIV/0!" in refused.value.errors[1].message
    assert not Person.objects.unscoped("test").exists()
