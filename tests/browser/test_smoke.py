"""Smoke test through a real browser: log in as a cell secretary and land on the dashboard."""

from urllib.parse import urlparse

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from committees.models import Role, UnitKind
from tests.browser_fixtures import sign_in
from tests.factories import PersonFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def secretary(transactional_db):
    city = UnitFactory(code="TU", name="Thành ủy Cần Thơ", kind=UnitKind.THANH_UY)
    district = UnitFactory(parent=city, code="NK", name="Quận ủy Ninh Kiều", kind=UnitKind.QUAN_UY)
    ward = UnitFactory(
        parent=district, code="NK-AH", name="Đảng ủy phường An Hòa", kind=UnitKind.DANG_UY_CO_SO
    )
    cell = UnitFactory(parent=ward, code="NK-AH-KV1", name="Chi bộ khu vực 1", kind=UnitKind.CHI_BO)
    person = PersonFactory(unit=cell, full_name="Nguyễn Chí Thắng", position="Bí thư chi bộ")
    PersonFactory(unit=cell, full_name="Phạm Ngọc Linh")
    return UserFactory(
        username="bithu_kv1",
        full_name=person.full_name,
        person=person,
        unit=cell,
        role=Role.CELL_SECRETARY,
    )


def test_cell_secretary_logs_in_and_sees_the_dashboard(page, secretary, artifacts_dir):
    sign_in(page, "bithu_kv1")

    dashboard = page.locator('[data-testid="dashboard"]')
    expect(dashboard).to_be_visible()
    expect(dashboard).to_contain_text("Chi bộ khu vực 1")
    assert urlparse(page.url).path == reverse("dashboard")
    page.screenshot(path=str(artifacts_dir / "dashboard-cell-secretary.png"), full_page=True)


def test_wrong_password_stays_on_the_login_page_with_an_error(page, secretary, artifacts_dir):
    sign_in(page, "bithu_kv1", "not-the-password")

    expect(page.locator(".alert-danger, .errorlist, .invalid-feedback").first).to_be_visible()
    expect(page.locator("input[name=password]")).to_be_visible()
    expect(page.locator('[data-testid="dashboard"]')).to_have_count(0)
    assert urlparse(page.url).path == reverse("login")
    page.screenshot(path=str(artifacts_dir / "login-wrong-password.png"), full_page=True)
