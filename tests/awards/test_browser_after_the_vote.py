"""Issue 20's walk through a real browser, on seed 000: the district's standing committee has
honored two members and sent one up, which the city honored. The district's staff issue the
decision and print its certificates on blanks; the city's staff issue theirs; the person's page
shows the commendation and the decision; the district's report of results reaches the city.
Screenshots in test-artifacts/."""

import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser_fixtures import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pdf_text(download) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def issue_decision(page, code: str, signer: str, day: str) -> None:
    """From the decisions' list: draft, sign, issue with the register's next number."""
    page.goto(f"/khen-thuong/c/{code}/quyet-dinh/")
    page.click('[data-testid="draft-button"]')
    page.wait_for_selector('[data-testid="draft-form"]')
    page.fill("input[name=signer_name]", signer)
    page.click('[data-testid="draft-form"] button[type=submit]')
    page.click('[data-testid="issue-link"]')
    page.fill("input[name=issued_on]", day)
    page.click('[data-testid="issue-form"] button[type=submit]')


def test_from_the_honor_to_the_certificates_and_the_report(
    browser, live_server, honored, artifacts_dir
):
    seed = honored.seed
    code = seed.campaign.code
    errors: list[str] = []

    # 1. The district's staff issue the decision of their standing committee…
    page = signed_in_page(browser, live_server, seed.staff_district_a, errors)
    issue_decision(page, code, "Nguyễn Văn Ký", "2025-01-20")
    expect(page.locator("h1")).to_have_text("Quyết định số 1-QĐ/QU ngày 20/01/2025")
    expect(page.locator('[data-testid="annex"] tbody tr')).to_have_count(2)
    page.screenshot(path=artifacts_dir / "issue20-walk-1-district-decision.png", full_page=True)

    # … and print its certificates onto the office's blanks, after the calibration page.
    page.click('[data-testid="certificates-link"]')
    with page.expect_download() as calibration:
        page.locator('[data-testid="calibration-link"]').click()
    pages, text = pdf_text(calibration.value)
    assert pages == 1
    page.locator("#mode-blank").check()
    with page.expect_download() as blanks:
        page.locator("[data-testid=print-form] [type=submit]").click()
    pages, text = pdf_text(blanks.value)
    assert pages == 2  # one per honored, in the annex's order
    assert text.index("Lê Văn An") < text.index("Nguyễn Thị Bình")
    assert "1-QĐ/QU" in text
    assert "GIẤY KHEN" not in text  # a blank carries its own title
    page.screenshot(path=artifacts_dir / "issue20-walk-2-certificates.png", full_page=True)

    # 2. The district reports its results to the city.
    page.goto(f"/khen-thuong/c/{code}/bao-cao-ket-qua/")
    page.click('[data-testid="results-draft"]')
    expect(page.locator('[data-testid="fig-honored"]')).to_contain_text("2")
    page.click('[data-testid="results-send"]')
    expect(page.locator('[data-testid="results-state"]')).to_be_visible()
    page.screenshot(path=artifacts_dir / "issue20-walk-3-report-sent.png", full_page=True)
    page.context.close()

    # 3. The city's staff issue the city's decision for the one it honored.
    page = signed_in_page(browser, live_server, seed.staff_city, errors)
    issue_decision(page, code, "Trần Văn Bí", "2025-02-03")
    expect(page.locator("h1")).to_have_text("Quyết định số 1-QĐ/TU ngày 03/02/2025")
    page.screenshot(path=artifacts_dir / "issue20-walk-4-city-decision.png", full_page=True)

    # 4. The person's page: the commendation and the decision that made it official.
    person = honored.at_city.person
    page.goto(reverse("committees:person-detail", args=[person.code]))
    expect(page.locator('[data-testid="record"]')).to_contain_text(seed.campaign.title)
    expect(page.locator('[data-testid="decisions-record"]')).to_contain_text(
        "Bằng khen — Quyết định số 1-QĐ/TU ngày 03/02/2025 của Ban Thường vụ Thành ủy Cần Thơ"
    )
    page.screenshot(path=artifacts_dir / "issue20-walk-5-person.png", full_page=True)

    # 5. The district's report has reached the city: sent, with its figures in the table.
    page.goto(f"/khen-thuong/c/{code}/bao-cao-ket-qua/tong-hop/")
    row = page.locator('[data-testid="results-row"]', has_text=honored.district.name)
    expect(row).to_be_visible()
    expect(page.locator('[data-testid="results-counts"]')).to_contain_text("1")
    page.screenshot(path=artifacts_dir / "issue20-walk-6-city-overview.png", full_page=True)
    page.context.close()
    assert not errors, errors
