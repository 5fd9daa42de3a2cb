"""Through a real browser: the district's staff find the honored awaiting a decision, draft it,
take one line out and put it back by a new draft, issue with the register's number, then annul
it; the person's page cites the decision. Screenshots in test-artifacts/."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser_fixtures import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_district_issues_and_annuls_its_decision(browser, live_server, honored, artifacts_dir):
    errors: list[str] = []
    page = signed_in_page(browser, live_server, honored.seed.staff_district_a, errors)
    try:
        walk(page, honored, artifacts_dir)
    finally:
        # No request of this page may reach the live server once the test's database is gone.
        page.context.close()
    assert not errors


def walk(page, honored, artifacts_dir):
    seed = honored.seed
    page.goto(f"/khen-thuong/c/{seed.campaign.code}/quyet-dinh/")
    expect(page.locator('[data-testid="awaiting-count"]')).to_have_text("2")
    page.screenshot(path=artifacts_dir / "issue20-dec-1-list.png", full_page=True)

    page.click('[data-testid="draft-button"]')
    page.wait_for_selector('[data-testid="draft-form"]')
    page.fill("input[name=signer_name]", "Nguyễn Văn Ký")
    page.screenshot(path=artifacts_dir / "issue20-dec-2-edit.png", full_page=True)
    page.click('[data-testid="draft-form"] button[type=submit]')
    expect(page.locator('[data-testid="annex"] tbody tr')).to_have_count(2)
    expect(page.locator('[data-testid="wording"]')).to_contain_text(
        "Căn cứ Biên bản kiểm phiếu biểu quyết ngày"
    )

    page.click('[data-testid="issue-link"]')
    page.fill("input[name=issued_on]", "2025-01-20")
    page.screenshot(path=artifacts_dir / "issue20-dec-3-issue.png", full_page=True)
    page.click('[data-testid="issue-form"] button[type=submit]')
    expect(page.locator("h1")).to_have_text("Quyết định số 1-QĐ/QU ngày 20/01/2025")
    expect(page.locator('[data-testid="history"]')).to_contain_text(
        "Quyết định số 1-QĐ/QU ngày 20/01/2025 của Ban Thường vụ Quận ủy Ninh Kiều"
    )
    page.screenshot(path=artifacts_dir / "issue20-dec-4-issued.png", full_page=True)

    person = honored.at_district[0].person
    decision_url = page.url
    page.goto(reverse("committees:person-detail", args=[person.code]))
    expect(page.locator('[data-testid="decisions-record"]')).to_contain_text(
        "Giấy khen — Quyết định số 1-QĐ/QU ngày 20/01/2025 của Ban Thường vụ Quận ủy Ninh Kiều"
    )
    page.goto(decision_url)

    page.click('[data-testid="annul-link"]')
    page.fill("textarea[name=reason]", "Ghi sai chức vụ")
    page.fill("input[name=number]", "1")  # already given: refused at the field
    page.fill("input[name=issued_on]", "2025-02-01")
    page.click('[data-testid="annul-form"] button[type=submit]')
    expect(page.locator("#id_number").locator("xpath=..")).to_contain_text("1")
    expect(page.locator(".invalid-feedback, .is-invalid").first).to_be_visible()
    page.screenshot(path=artifacts_dir / "issue20-dec-5-number-used.png", full_page=True)
    page.fill("input[name=number]", "")
    page.click('[data-testid="annul-form"] button[type=submit]')
    expect(page.locator("h1")).to_have_text("Quyết định số 2-QĐ/QU ngày 01/02/2025")
    page.goto(f"/khen-thuong/c/{seed.campaign.code}/quyet-dinh/")
    expect(page.locator('[data-testid="decisions"] [data-testid="annulled"]')).to_have_count(1)
    expect(page.locator('[data-testid="awaiting-count"]')).to_have_text("2")
    page.screenshot(path=artifacts_dir / "issue20-dec-6-annulled.png", full_page=True)
