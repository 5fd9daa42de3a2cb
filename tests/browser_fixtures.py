"""Headless Chromium through Playwright's sync API, against pytest-django's live server.

The browser is Debian's ``/usr/bin/chromium``; Playwright never downloads its own. Without it
the browser tests are skipped, unless ``REQUIRE_BROWSER=1`` (as in CI), where they fail.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around
# it are still synchronous and safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def browser_required() -> bool:
    """``REQUIRE_BROWSER=1`` (CI): a browser test that cannot run fails instead of skipping."""
    return os.environ.get("REQUIRE_BROWSER", "").strip() == "1"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests"
        if browser_required():
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        if browser_required():
            raise
        pytest.skip("playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A fresh browser context (no cookies) per test, in Vietnamese like the users' browsers."""
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def sign_in(page, username: str, password: str | None = None) -> None:
    """Sign ``page`` in as ``username`` through the login form, with ``password`` (the tests'
    own by default)."""
    from django.urls import reverse

    from tests.factories import DEFAULT_PASSWORD  # models: not before Django is set up

    page.goto(reverse("login"))
    form = page.locator("form", has=page.locator("input[name=password]"))
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password or DEFAULT_PASSWORD)
    form.locator("[type=submit]").click()
    page.wait_for_load_state()


def signed_in_page(browser, live_server, user, errors: list[str] | None = None):
    """A fresh context in Vietnamese, signed in as ``user`` and on the dashboard. The pages'
    confirmation prompts are accepted; the console's errors go to ``errors`` when given. The
    caller closes ``page.context``."""
    from tests.factories import DEFAULT_PASSWORD  # models: not before Django is set up

    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    if errors is not None:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto("/tai-khoan/dang-nhap/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector('[data-testid="dashboard"]')
    return page
