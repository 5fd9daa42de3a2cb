"""The certificates page through a real browser: the district's staff see the warnings, set
the printer's shift (a shift off the sheet is refused at its field) and download the PDFs."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from awards.certificates import offsets_for
from tests.browser_fixtures import sign_in
from tests.dossiers.documents.certificate_fixtures import NAMES, issued_decision

pytestmark = pytest.mark.browser

LONG_NAME = "Tôn Nữ Thị Hồng Nhung Trương Thị Thủy Tiên Đặng Quốc Bảo Võ Văn"


def test_the_staff_calibrate_and_print(page, transactional_db, seed000, artifacts_dir):
    decision = issued_decision(seed000, [*NAMES[:2], LONG_NAME])
    sign_in(page, seed000.staff_district_a.username)
    page.goto(reverse("awards:certificates", args=[decision.public_id]))
    expect(page.locator('[data-testid="decision-reference"]')).to_contain_text("15-QĐ/QU")
    expect(page.locator('[data-testid="certificate-warnings"]')).to_contain_text(LONG_NAME)
    page.screenshot(path=str(artifacts_dir / "certificates-page.png"), full_page=True)

    page.locator("input[name=offset_x_mm]").fill("28")
    page.locator("input[name=offset_y_mm]").fill("0")
    page.locator("[data-testid=offsets-form] [type=submit]").click()
    page.wait_for_load_state()
    error = page.locator("#id_offset_x_mm").locator("xpath=..").locator(".invalid-feedback")
    expect(error).to_contain_text("297")
    page.screenshot(path=str(artifacts_dir / "certificates-offsets-refused.png"), full_page=True)

    page.locator("input[name=offset_x_mm]").fill("2,5")
    page.locator("input[name=offset_y_mm]").fill("-1")
    page.locator("[data-testid=offsets-form] [type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success")).to_be_visible()
    assert offsets_for(decision) == (2.5, -1.0)

    page.locator("#mode-blank").check()
    with page.expect_download() as download:
        page.locator("[data-testid=print-form] [type=submit]").click()
    assert download.value.suggested_filename == "giay-khen-15-2025-phoi.pdf"
    with page.expect_download() as calibration:
        page.locator('[data-testid="calibration-link"]').click()
    assert calibration.value.suggested_filename == "can-chinh-may-in.pdf"
