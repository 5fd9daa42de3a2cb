"""The import page: for administrators only, every error shown, templates to download."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from committees.imports import import_file, legacy
from committees.models import Person, Role, Unit
from tests.factories import UserFactory

from .spreadsheets import PERSON_HEADERS, UNIT_HEADERS, csv_bytes, person_row, upload

URL = reverse("committees:import")


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def post(client, kind, file):
    return client.post(URL, {"kind": kind, "file": file})


def error_rows(response) -> list[tuple[str, str, str]]:
    """The (row, column, message) cells of the page's error table."""
    html = response.content.decode()
    body = html.split('data-testid="import-errors"', 1)[1].split("</table>", 1)[0]
    return [
        tuple(re.sub(r"\s+", " ", cell).strip() for cell in cells)
        for cells in re.findall(
            r"<tr>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>\s*"
            r"<td[^>]*>(.*?)</td>",
            body,
            re.S,
        )
    ]


def test_an_anonymous_visitor_is_sent_to_log_in(client, city_tree):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_user_who_is_not_an_admin_gets_403(client, city_tree):
    staff = UserFactory(role=Role.STAFF, unit=city_tree.district_a)
    client.force_login(staff)

    assert client.get(URL).status_code == 403
    assert post(client, "people", upload([PERSON_HEADERS])).status_code == 403
    assert client.get(reverse("committees:import-template", args=["people"])).status_code == 403


def test_the_page_explains_the_columns_and_offers_templates(client, admin_a):
    client.force_login(admin_a)

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    for header in [*UNIT_HEADERS, *PERSON_HEADERS, "Năm", "Xếp loại", "Điểm"]:
        assert f"<code>{header}</code>" in html
    for slug in ("units", "people", "person-ratings", "unit-ratings"):
        assert reverse("committees:import-template", args=[slug]) in html
    assert 'enctype="multipart/form-data"' in html
    assert "Quận ủy Ninh Kiều" in html  # where this admin may import


def test_the_page_has_no_inline_script_or_style(client, admin_a):
    client.force_login(admin_a)

    html = client.get(URL).content.decode()

    assert " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_a_good_file_is_imported_and_the_counts_are_shown(client, admin_a):
    client.force_login(admin_a)
    rows = [PERSON_HEADERS, person_row("CN1"), person_row("CN2")]

    response = post(client, "people", upload(rows))

    assert response.status_code == 302
    assert Person.objects.count() == 2
    page = client.get(response.url).content.decode()
    assert "data.xlsx was imported: 2 created, 0 updated, 0 unchanged." in page

    response = post(client, "people", upload(rows, "csv"))
    assert "0 created, 0 updated, 2 unchanged." in client.get(response.url).content.decode()


def test_a_refused_file_shows_every_error_and_writes_nothing(client, admin_a):
    client.force_login(admin_a)
    rows = [
        PERSON_HEADERS,
        person_row("CN1"),
        person_row("CN2", born="31/02/1980"),
        person_row("CN3", unit="HB-X1-C1"),
        person_row("CN4", member=""),
    ]

    response = post(client, "people", upload(rows))

    assert response.status_code == 200
    assert error_rows(response) == [
        ("3", "Ngày sinh", "31/02/1980 is not a date in the calendar."),
        ("4", "Mã đơn vị", "The unit HB-X1-C1 is outside your organisation."),
        ("5", "Đảng viên", "This cell is empty, but it is required."),
    ]
    assert "The file was refused and nothing was imported. Errors found: 3." in (
        response.content.decode()
    )
    assert response.context["form"].errors["file"]
    assert not Person.objects.exists()


def test_a_disguised_file_is_refused_with_a_clear_message(client, admin_a):
    client.force_login(admin_a)
    disguised = SimpleUploadedFile(
        "units.xlsx", csv_bytes([UNIT_HEADERS, ["A", "B", "chi_bo", "QA"]])
    )

    response = post(client, "units", disguised)

    assert error_rows(response) == [
        (
            "—",
            "—",
            "This file is not a spreadsheet that can be read, whatever its name says: open it "
            "in Excel or LibreOffice Calc and save it as an Excel Workbook (.xlsx).",
        )
    ]
    assert not Unit.objects.filter(code="A").exists()


def test_a_file_of_another_type_is_refused_by_the_form(client, admin_a):
    client.force_login(admin_a)

    response = post(client, "units", SimpleUploadedFile("units.pdf", b"%PDF-1.7"))

    assert response.context["form"].errors["file"] == [
        "Only spreadsheets can be imported: Excel workbooks (.xlsx, .xlsm, .xlsb, .xls), "
        "OpenDocument spreadsheets (.ods) and CSV files (.csv)."
    ]


def test_an_upload_larger_than_the_limit_is_refused(client, admin_a, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    client.force_login(admin_a)

    small = post(client, "people", SimpleUploadedFile("big.csv", b"x" * 1001))
    assert small.context["form"].errors["file"] == ["The file is larger than 1000\xa0bytes."]

    huge = post(client, "people", SimpleUploadedFile("huge.csv", b"x" * 200_000))
    assert huge.status_code == 413
    assert "The file is larger than 1000\xa0bytes." in huge.content.decode()


def test_the_upload_needs_a_csrf_token(admin_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_a)

    response = post(client, "people", upload([PERSON_HEADERS, person_row("CN1")]))

    assert response.status_code == 403
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("slug", "kind", "first_header"),
    [
        ("units", "units", "Mã đơn vị"),
        ("people", "people", "Mã cá nhân"),
        ("person-ratings", "ratings", "Mã cá nhân"),
        ("unit-ratings", "ratings", "Mã đơn vị"),
    ],
)
def test_a_downloaded_template_has_the_headers_and_imports_as_an_empty_file(
    client, admin_a, slug, kind, first_header
):
    client.force_login(admin_a)

    response = client.get(reverse("committees:import-template", args=[slug]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == first_header
    result = import_file(kind, io.BytesIO(response.content), "template.xlsx", user=admin_a)
    assert result.total == 0


def test_an_unknown_template_is_not_found(client, admin_a):
    client.force_login(admin_a)

    assert client.get(reverse("committees:import-template", args=["nothing"])).status_code == 404


# --- text typed in TCVN3 or VNI ------------------------------------------------------------------


def tcvn3_upload() -> SimpleUploadedFile:
    rows = [
        [legacy.to_tcvn3(header) for header in PERSON_HEADERS],
        *(
            [legacy.to_tcvn3(str(v)) for v in person_row(code, name=name)]
            for code, name in (("CN1", "Nguyễn Văn An"), ("CN2", "Trần Thị Bình"))
        ),
    ]
    return upload(rows, name="old.xlsx")


def test_a_legacy_file_shows_its_conversion_and_waits_for_the_admin(client, admin_a):
    client.force_login(admin_a)

    response = post(client, "people", tcvn3_upload())

    assert response.status_code == 200
    assert not Person.objects.exists()
    html = response.content.decode()
    preview = html.split('data-testid="conversions"', 1)[1].split("</section>", 1)[0]
    assert "Họ và tên" in preview
    assert "TCVN3" in preview
    assert "NguyÔn V¨n An" in preview
    assert "Nguyễn Văn An" in preview


def test_a_confirmed_conversion_is_imported_and_importing_again_changes_nothing(client, admin_a):
    client.force_login(admin_a)
    data = {"kind": "people", "confirm_conversion": "on", "legacy_encoding": "auto"}

    response = client.post(URL, {**data, "file": tcvn3_upload()})
    again = client.post(URL, {**data, "file": tcvn3_upload()})

    assert response.status_code == again.status_code == 302, error_rows(response)
    assert sorted(Person.objects.values_list("full_name", flat=True)) == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
    ]
    assert "0 created, 0 updated, 2 unchanged." in client.get(again.url).content.decode()


def test_an_ambiguous_file_asks_for_the_encoding(client, admin_a):
    client.force_login(admin_a)
    rows = [PERSON_HEADERS, person_row("CN1", name="Leâ", position="Leâ")]

    response = post(client, "people", upload(rows))

    assert ("1", "Họ và tên") in [row[:2] for row in error_rows(response)]
    assert not Person.objects.exists()
    chosen = client.post(
        URL,
        {
            "kind": "people",
            "legacy_encoding": "vni",
            "confirm_conversion": "on",
            "file": upload(rows),
        },
    )
    assert chosen.status_code == 302
    assert Person.objects.get().full_name == "Lê"
