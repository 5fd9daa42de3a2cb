"""Two-factor login in a real browser: enrol by scanning (here: reading the key), make the
backup codes, then log in with the password and a code; no CSP violation on any page."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from committees.models import Role
from tests.factories import DEFAULT_PASSWORD, UnitFactory, UserFactory
from tests.security.test_authentication import code_at

pytestmark = pytest.mark.browser


def log_in(page):
    page.goto(reverse("login"))
    form = page.locator("form", has=page.locator("input[name=password]"))
    form.locator("input[name=username]").fill("tu_admin")
    form.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    form.locator("[type=submit]").click()
    page.wait_for_load_state()


def test_an_admin_enrols_and_logs_in_with_a_code(page, settings, artifacts_dir):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    UserFactory(username="tu_admin", role=Role.ADMIN, unit=UnitFactory())
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    log_in(page)
    page.goto(reverse("two-factor-enrol"))
    expect(page.locator(".two-factor-qr svg")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "two-factor-enrol.png"), full_page=True)
    device = TOTPDevice.objects.get(confirmed=False)
    page.locator("input[name=token]").fill(code_at(device, steps_ago=1))
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()
    # Turning it on leads to the backup codes, made and shown once.
    expect(page.locator('[data-testid="backup-codes-left"]')).to_be_visible()
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator('[data-testid="backup-codes"] li')).to_have_count(10)
    page.screenshot(path=str(artifacts_dir / "two-factor-backup-codes.png"), full_page=True)

    page.context.clear_cookies()
    log_in(page)
    assert page.url.endswith(reverse("two-factor-verify"))
    page.screenshot(path=str(artifacts_dir / "two-factor-verify.png"), full_page=True)
    page.locator("input[name=token]").fill(code_at(device))
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator('[data-testid="dashboard"]')).to_be_visible()
    assert not violations, violations
