"""Through a real browser: the ward's staff judge a cell, read its classification line by line,
and see the overview chart, with no console error (the CSP allows no inline script or style)."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from campaigns.models import Movement
from committees.models import PersonRating, Rating, Role, UnitKind
from tests.browser_fixtures import sign_in
from tests.factories import (
    CampaignFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def ward_staff(transactional_db):
    city = UnitFactory(code="TU", name="Thành ủy Cần Thơ", kind=UnitKind.THANH_UY)
    ward = UnitFactory(
        parent=city, code="NK-AH", name="Đảng ủy phường An Hòa", kind=UnitKind.DANG_UY_XA
    )
    cell = UnitFactory(parent=ward, code="NK-AH-KV1", name="Chi bộ khu vực 1")
    for _ in range(3):
        PersonRating.objects.create(person=PersonFactory(unit=cell), year=2024, rating=Rating.HTTNV)
    campaign = CampaignFactory(
        code="bon-tot",
        organiser=ward,
        filing_kinds=["chi_bo"],
        period_start=datetime.date(2022, 11, 1),
        period_end=datetime.date(2027, 11, 30),
    )
    Movement.objects.create(campaign=campaign, first_year=2022, last_year=2027)
    return UserFactory(username="ah_tochuc", unit=ward, role=Role.STAFF)


def test_staff_judge_a_cell_and_read_the_reasoning(page, ward_staff, artifacts_dir):
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    sign_in(page, "ah_tochuc")
    page.goto(reverse("movements:four-good-unit", args=["bon-tot", "NK-AH-KV1", 2024]))
    form = page.locator("#judgement-form")
    for name in ("political_task", "meeting_quality", "unity_discipline"):
        form.locator(f"input[name={name}][value='1']").check()
    form.locator("[type=submit]").click()
    page.wait_for_load_state()

    reasoning = page.locator('[data-testid="reasoning"]')
    expect(reasoning).to_contain_text("3/3 = 100,0%")
    expect(reasoning.locator("li").last).to_contain_text("Bốn tốt")
    page.screenshot(path=str(artifacts_dir / "four-good-unit.png"), full_page=True)

    page.goto(reverse("movements:four-good-dashboard", args=["bon-tot"]))
    expect(page.locator('[data-testid="four-good-chart"] rect.chart-bon_tot')).to_have_count(1)
    page.screenshot(path=str(artifacts_dir / "four-good-overview.png"), full_page=True)
    assert errors == []
