"""Through a real browser (issue 15): a cell cannot send an incomplete dossier, completes it on
the same page and sends it; the ward sees it in its queue with no document missing, passes it
up, then finds it under "passed on / decided by us" with where it is now."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.models import CampaignStatus, DocumentRequirement
from nominations.models import Nomination, NominationState
from nominations.samples import sample_pdf
from tests.browser_fixtures import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_cell_completes_its_dossier_and_the_ward_follows_it(
    browser, live_server, seed000, artifacts_dir
):
    seed000.campaign.status = CampaignStatus.OPEN
    seed000.campaign.save()
    seed000.city.closes_at = timezone.now() + datetime.timedelta(days=30)
    seed000.city.save()
    report = DocumentRequirement.objects.create(
        campaign=seed000.campaign, code="bao-cao", name="Báo cáo thành tích"
    )
    person = seed000.member(seed000.tree.cell_a1, full_name="Trần Thị Thu Hương")
    code = seed000.campaign.code
    errors: list[str] = []

    # 1. The cell secretary sends without the report: refused, the report named.
    page = signed_in_page(browser, live_server, seed000.secretary_a1, errors)
    page.goto(f"/ho-so/c/{code}/moi/")
    with page.expect_request_finished():  # htmx swaps the category's fields in
        page.select_option("select[name=category]", str(seed000.members.pk))
    page.wait_for_load_state("networkidle")
    expect(page.locator('[data-requirement="bao-cao"]')).to_have_attribute("data-present", "no")
    page.select_option("select[name=person]", str(person.pk))
    page.fill("textarea[name=achievement_summary]", "Vận động 120 hộ tham gia mô hình.")
    page.click("button[name=action][value=submit]")
    page.wait_for_load_state("networkidle")
    expect(page.locator('[data-testid="missing-documents"]')).to_contain_text(report.name)
    nomination = Nomination.objects.get(person=person)
    assert nomination.state == NominationState.DRAFT
    # what was typed is still there
    expect(page.locator("textarea[name=achievement_summary]")).to_have_value(
        "Vận động 120 hộ tham gia mô hình."
    )
    page.screenshot(path=artifacts_dir / "issue15-1-refused.png", full_page=True)

    # 2. On the same page: the report attached, and sent.
    page.set_input_files(
        f"input[name=document_{report.pk}]",
        files=[
            {
                "name": "bao-cao-thanh-tich.pdf",
                "mimeType": "application/pdf",
                "buffer": sample_pdf("Báo cáo thành tích"),
            }
        ],
    )
    page.click("button[name=action][value=submit]")
    page.wait_for_selector('[data-state="proposed"]')
    nomination.refresh_from_db()
    assert nomination.state == NominationState.PROPOSED
    assert nomination.evidence.get().original_name == "bao-cao-thanh-tich.pdf"
    page.context.close()

    # 3. The ward: in its queue with nothing missing; appraised and passed on.
    page = signed_in_page(browser, live_server, seed000.staff_grassroots_a, errors)
    page.goto(f"/ho-so/c/{code}/tham-dinh/")
    row = page.locator('[data-testid="queue-row"]', has_text="Trần Thị Thu Hương")
    expect(row.locator('[data-testid="missing-documents"]')).not_to_contain_text(report.name)
    expect(row.locator('[data-testid="missing-documents"] .text-success')).to_be_visible()
    page.screenshot(path=artifacts_dir / "issue15-2-queue.png", full_page=True)
    page.goto(f"/ho-so/{nomination.public_id}/")
    page.locator('form[action$="/tham-dinh/"] button[type=submit]').click()
    page.wait_for_load_state("networkidle")
    page.locator('form[action$="/chuyen-tiep/"] button[type=submit]').click()
    page.wait_for_load_state("networkidle")
    nomination.refresh_from_db()
    assert nomination.reviewing_unit == seed000.tree.district_a

    # 4. ... and finds it under "passed on / decided by us", now at the district.
    page.goto(f"/ho-so/c/{code}/tham-dinh/")
    page.locator(f'a[href="/ho-so/c/{code}/da-xu-ly/"]').first.click()
    page.wait_for_load_state("networkidle")
    row = page.locator('[data-testid="handled-row"]', has_text="Trần Thị Thu Hương")
    expect(row.locator('[data-testid="now-at"]')).to_contain_text(seed000.tree.district_a.name)
    page.screenshot(path=artifacts_dir / "issue15-3-passed-on.png", full_page=True)
    page.context.close()
    assert not errors, errors
