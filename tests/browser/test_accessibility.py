"""axe-core, from the npm registry (``tests/browser/package.json``, installed by ``.ci/run``), run
in Chromium on every main page of the demo data, as the users who work on it, at a desktop width
and at a phone's (375 px): no violation of impact "serious" or "critical" (colour contrast,
missing labels, names of buttons and links, landmarks).

Without node's ``axe-core`` the test is skipped, unless ``REQUIRE_BROWSER=1`` (CI), where it fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from tests.browser_fixtures import browser_required
from tests.main_pages import main_pages

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}
WIDTHS = {"desktop": (1280, 900), "phone": (375, 812)}


@pytest.fixture
def axe_script() -> Path:
    if not AXE.exists():
        reason = f"{AXE} is missing: run `npm ci --prefix tests/browser` to install axe-core"
        if browser_required():
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return AXE


@pytest.fixture
def demo_data(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the stand-in documents of the demo's nominations
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo_campaigns", verbosity=0)


def _session_cookie(username: str, url: str) -> dict:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    name = settings.SESSION_COOKIE_NAME
    return {"name": name, "value": client.cookies[name].value, "url": url}


def _serious_violations(page, axe: Path) -> list[dict]:
    # The script is added as an inline <script>: the axe contexts bypass the page's CSP.
    page.add_script_tag(path=str(axe))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "count": len(violation["nodes"]),
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
        if violation["impact"] in SERIOUS
    ]


# One test per width: two halves of about a minute each, which two test processes can share.
@pytest.mark.parametrize("width_name", WIDTHS)
def test_no_serious_or_critical_violation_on_any_main_page(
    width_name, axe_script, browser, live_server, demo_data, artifacts_dir
):
    pages = main_pages()
    found: dict[str, list[dict]] = {}
    width, height = WIDTHS[width_name]
    contexts: dict = {}
    try:
        for username, name, url in pages:
            if username not in contexts:
                context = browser.new_context(
                    locale="vi-VN",
                    base_url=live_server.url,
                    bypass_csp=True,
                    viewport={"width": width, "height": height},
                )
                context.set_default_timeout(15_000)
                if username:
                    context.add_cookies([_session_cookie(username, live_server.url)])
                contexts[username] = context
            page = contexts[username].new_page()
            response = page.goto(url)
            assert response.status == 200, (username, name, url, response.status)
            where = f"{width_name} · {username or 'anonymous'} · {name}"
            found[where] = _serious_violations(page, axe_script)
            if name == "dashboard" and width_name == "phone":
                # the menu, folded behind its button on a phone, checked open
                page.locator(".navbar-toggler").click()
                page.locator("#nav-main.show").wait_for()
                found[f"{where}, menu open"] = _serious_violations(page, axe_script)
            page.close()
    finally:
        for context in contexts.values():
            context.close()
    (artifacts_dir / f"axe-{width_name}.json").write_text(
        json.dumps(found, indent=1, ensure_ascii=False)
    )
    failing = {page: violations for page, violations in found.items() if violations}
    assert not failing, json.dumps(failing, indent=1, ensure_ascii=False)
