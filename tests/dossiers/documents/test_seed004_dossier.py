"""Seed 004's dossier: 02 bộ for the district, 03 bộ for the city (II.1.3, II.2.3); the
recognition decisions and the registration of study required; the danh sách trích ngang the
district sends the city with each nominee's phone number."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dossiers.documents import context, rendering
from nominations import services
from nominations.completeness import requirements_for
from tests.nominations.test_seeds_002_004 import at_district, vote_forward
from tests.seed_fixtures import IN_WINDOW_004

from .helpers import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def forwarded(seed004):
    """The district's proposal to the city: 1 collective and 2 individuals."""
    tree = seed004.tree
    chosen = [
        at_district(seed004, tree.grassroots_a, collective=tree.cell_a1),
        at_district(
            seed004,
            tree.grassroots_a,
            person=seed004.person(
                tree.cell_a1,
                full_name="Nguyễn Thị Mai",
                position="Phó Bí thư Đảng ủy",
                phone="0912 345 678",
            ),
        ),
        at_district(
            seed004,
            tree.mass_org_a,
            person=seed004.person(
                tree.mass_org_a,
                full_name="Trần Văn Nam",
                is_party_member=False,
                phone="0968.054.236",
            ),
        ),
    ]
    session = vote_forward(seed004, chosen)
    services.close_session(seed004.staff_district, session, now=IN_WINDOW_004)
    return chosen


def details():
    return context.Details(day=datetime.date(2023, 3, 31), place="Ninh Kiều")


def test_the_list_for_the_city_carries_the_phone_numbers(seed004, forwarded):
    document = context.nominee_list(
        seed004.campaign, seed004.tree.district_a, seed004.staff_district, details()
    )
    assert document["forwarded"] is True
    sheet = load_workbook(io.BytesIO(rendering.to_xlsx(document))).active
    header = [c.value for c in sheet[6]]
    assert header[-1] == "Số điện thoại"
    rows = {row[1]: row for row in sheet.iter_rows(min_row=7, values_only=True) if row[1]}
    assert rows["Nguyễn Thị Mai"][2] == "Phó Bí thư Đảng ủy"
    assert rows["Nguyễn Thị Mai"][5] == "0912 345 678"
    assert rows["Trần Văn Nam"][5] == "0968.054.236"
    assert rows["Chi bộ khu vực 1"][5] in (None, "")  # a collective has no phone


def test_the_dossier_for_the_city_counts_three_copies(seed004, forwarded):
    document = context.level_index(
        seed004.campaign, seed004.tree.district_a, seed004.staff_district, details()
    )
    own, *nominees = document["sections"]
    assert {row.copies for row in own["rows"]} == {3}
    assert own["rows"][0].name.startswith("Tờ trình đề nghị")
    for section in nominees:
        assert {row.copies for row in section["rows"]} == {3}
    by_heading = {section["heading"]: section["rows"] for section in nominees}
    individual = next(rows for heading, rows in by_heading.items() if "Nguyễn Thị Mai" in heading)
    assert [row.name for row in individual] == [
        "Báo cáo thành tích có xác nhận của cấp ủy cơ sở (mẫu 07, Nghị định số 91/2017/NĐ-CP), "
        "kèm minh chứng",
        "Bản đăng ký học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2022",
        "Quyết định công nhận hoàn thành xuất sắc nhiệm vụ năm 2022",
        "Danh sách trích ngang (họ và tên, chức danh, đơn vị, tóm tắt thành tích, số điện thoại "
        "liên lạc)",
    ]
    # A collective carries no registration of study.
    collective = next(rows for heading, rows in by_heading.items() if "Chi bộ khu vực 1" in heading)
    assert len(collective) == 3


def test_one_nominees_dossier_counts_two_copies_and_names_the_citys(seed004, forwarded):
    document = context.nomination_index(forwarded[1], details())
    rows = document["sections"][0]["rows"]
    assert {row.copies for row in rows} == {2}
    assert {row.note for row in rows} == {"Trình cấp trên: 03 bản"}


def test_the_checklist_on_the_nomination_page_shows_both(client, seed004, forwarded):
    client.force_login(seed004.staff_district)
    body = client.get(reverse("nominations:detail", args=[forwarded[1].public_id]))
    assert body.content.decode().count('data-testid="copies-to-superior"') == len(
        requirements_for(forwarded[1])
    )


def test_the_district_proposes_its_allocation_to_the_city(client, seed004, forwarded):
    """II.1.3: the district is the campaign's top level, yet it sends the city 1 collective and
    2 individuals, with a tờ trình addressed to the city's standing committee."""
    client.force_login(seed004.staff_district)
    url = reverse("documents:proposal", args=[seed004.campaign.code, seed004.tree.district_a.code])
    response = client.get(url, {"format": "pdf", "day": "2023-03-31"})
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Kính gửi: Ban Thường vụ Thành ủy Cần Thơ" in text
    assert "01 tập thể" in text and "02 cá nhân" in text
    for nomination in forwarded:
        assert nomination.nominee_name in text


def test_the_final_list_offers_the_districts_proposal_memo(client, seed004, forwarded):
    client.force_login(seed004.staff_district)
    page = client.get(reverse("nominations:final-list", args=[seed004.campaign.code]))
    proposal = reverse(
        "documents:proposal", args=[seed004.campaign.code, seed004.tree.district_a.code]
    )
    assert page.status_code == 200
    assert f'href="{proposal}?format=docx"' in page.content.decode()


def test_a_top_level_that_sends_nothing_up_offers_no_proposal_memo(client, filing_002):
    client.force_login(filing_002.staff_district)
    page = client.get(reverse("nominations:final-list", args=[filing_002.campaign.code]))
    assert page.status_code == 200
    assert "/to-trinh/" not in page.content.decode()
