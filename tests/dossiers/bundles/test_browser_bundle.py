"""The bundle page in a real browser, on a phone's width: the bar moves as the row changes (htmx
polls the partial), stops polling when the zip is ready, the zip downloads under its Vietnamese
name, and nothing breaks the CSP."""

import pytest

from dossiers.bundles import tasks
from dossiers.models import BundleState, DossierBundle
from tests.factories import DEFAULT_PASSWORD

from .conftest import attach, forwarded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BAR = '[data-testid="bundle-bar"]'


def test_the_bar_moves_then_the_zip_downloads(browser, live_server, seed000, artifacts_dir):
    seed = seed000
    attach(forwarded(seed, full_name="Trần Thị Bích"), "Báo cáo thành tích.pdf")
    bundle = DossierBundle.objects.create(
        campaign=seed.campaign, unit=seed.tree.district_a, requested_by=seed.staff_district_a
    )
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
    polls = []
    page.on(
        "request", lambda request: polls.append(request.url) if "/tien-do/" in request.url else None
    )
    try:
        page.goto("/tai-khoan/dang-nhap/")
        page.fill("input[name=username]", seed.staff_district_a.username)
        page.fill("input[name=password]", DEFAULT_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector('[data-testid="dashboard"]')

        page.goto(f"/ho-so-tong-hop/{bundle.public_id}/")
        assert "w-pct-0" in page.locator(BAR).get_attribute("class")

        DossierBundle.objects.filter(pk=bundle.pk).update(
            state=BundleState.RUNNING, done=7, total=20
        )
        page.wait_for_selector(f"{BAR}.w-pct-35")
        assert page.locator(BAR).inner_text() == "35%"
        width = page.locator(BAR).bounding_box()["width"]
        track = page.locator(".progress").bounding_box()["width"]
        assert 0.3 < width / track < 0.4  # the class draws the bar, no inline style
        page.screenshot(path=artifacts_dir / "bundle-running-phone.png", full_page=True)

        DossierBundle.objects.filter(pk=bundle.pk).update(state=BundleState.QUEUED, done=0, total=0)
        tasks.build_bundle.apply(args=[bundle.pk])
        page.wait_for_selector('[data-testid="bundle-download"]')
        assert "w-pct-100" in page.locator(BAR).get_attribute("class")
        assert page.locator("#bundle-progress").get_attribute("hx-trigger") is None
        page.screenshot(path=artifacts_dir / "bundle-ready-phone.png", full_page=True)

        polled = len(polls)
        page.wait_for_timeout(2_500)
        assert len(polls) == polled  # the polling stopped

        with page.expect_download() as download:
            page.locator('[data-testid="bundle-download"]').click()
        name = download.value.suggested_filename
        assert name.startswith("Hồ sơ QA - bieu-duong-2025 (") and name.endswith(").zip")

        page.goto(f"/ho-so-tong-hop/c/{seed.campaign.code}/")
        assert page.locator('[data-testid="bundle-row"]').count() == 1
        # The table scrolls inside its frame; the page itself stays the phone's width.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=artifacts_dir / "bundle-list-phone.png", full_page=True)
    finally:
        context.close()
    assert violations == []
