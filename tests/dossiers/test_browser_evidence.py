"""The documents section in a real browser (on a phone's width): the cell secretary sees what is
missing, attaches it through the form, downloads it, and the page breaks no CSP rule."""

import pytest

from nominations.models import Evidence
from tests.factories import DEFAULT_PASSWORD

from .conftest import draft_of, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretary_attaches_the_missing_report(
    browser, live_server, seed000, documents, artifacts_dir, media
):
    nomination = draft_of(seed000)
    context = browser.new_context(
        locale="vi-VN",
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        page.goto("/tai-khoan/dang-nhap/")
        page.fill("input[name=username]", seed000.secretary_a1.username)
        page.fill("input[name=password]", DEFAULT_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector('[data-testid="dashboard"]')

        page.goto(f"/ho-so/{nomination.public_id}/")
        report = page.locator('[data-requirement="bao-cao-thanh-tich"]')
        assert report.get_attribute("data-present") == "no"
        assert page.locator('[data-testid="missing-documents"]').is_visible()

        form = page.locator('[data-testid="upload-form"]')
        form.locator("select[name=requirement]").select_option(str(documents[0].pk))
        form.locator("input[name=file]").set_input_files(
            {"name": "Báo cáo thành tích.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
        )
        form.locator("button[type=submit]").click()
        page.wait_for_load_state("networkidle")

        assert report.get_attribute("data-present") == "yes"
        assert page.locator('[data-testid="missing-documents"]').count() == 0
        page.screenshot(path=artifacts_dir / "evidence-attached-phone.png", full_page=True)

        with page.expect_download() as download:
            page.get_by_role("link", name="Báo cáo thành tích.pdf").click()
        assert download.value.suggested_filename == "Báo cáo thành tích.pdf"
        assert Evidence.objects.get().original_name == "Báo cáo thành tích.pdf"
    finally:
        context.close()
    assert violations == []
