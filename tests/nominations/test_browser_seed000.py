"""Seed 000 in the browser: a cell secretary files, the ward committee appraises and passes on,
the district's standing committee votes to forward within the 10% cap, and the city's standing
committee honors — every step through the real pages."""

import datetime
import re

import pytest
from django.utils import timezone

from nominations import services
from nominations.models import Nomination, NominationState
from tests.browser_fixtures import signed_in_page
from tests.workflow_fixtures import BEFORE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def click_action(page, suffix):
    page.locator(f'form[action$="{suffix}"] button[type=submit]').click()
    page.wait_for_load_state("networkidle")


def vote(page, live_server, campaign_code, nomination, outcome, members=11):
    page.goto(f"/ho-so/c/{campaign_code}/bieu-quyet/moi/")
    now = timezone.localtime()
    page.fill("input[name=held_on]", now.strftime("%Y-%m-%d"))
    page.fill("input[name=held_time]", "09:00")
    page.fill("input[name=sitting_members]", str(members))
    page.fill("input[name=present_members]", str(members))
    page.locator('[data-testid="session-form"] button[type=submit]').click()
    page.wait_for_selector('[data-testid="threshold"]')
    row = page.locator(f'form[action$="/phieu/{nomination.public_id}/"]')
    row.locator("select[name=proposed_outcome]").select_option(outcome)
    row.locator("input[name=votes_for]").fill(str(members))
    row.locator("button[type=submit]").click()
    page.wait_for_selector('[data-testid="tally-result"] >> text=/11/')
    cap_text = ""
    if outcome == "forward":
        # The live cap: ten honored here, so 10% × 10 = 1 may go up, and one is proposed.
        page.wait_for_selector('[data-testid="cap-sum"] >> text=/10% × 10/')
        cap_text = page.locator('[data-testid="cap-sum"]').inner_text()
    page.locator('form[action$="/ket-thuc/"] button[type=submit]').click()
    # The badge is on the page before the close too: wait for the closed one.
    page.wait_for_selector('[data-testid="session-state"][data-state="closed"]')
    return cap_text


def test_seed_000_from_the_cell_to_the_city(browser, live_server, seed000, artifacts_dir):
    # The seed's city deadline is 15/01/2025; the walk happens now, so it moves ahead.
    seed000.city.closes_at = timezone.now() + datetime.timedelta(days=30)
    seed000.city.save()
    # Ten members already honored at the district: the cap lets exactly one go to the city.
    first, _ = seed000.decide_at_district(honor=10, forward=0)
    services.close_session(seed000.staff_district_a, first, now=BEFORE)
    person = seed000.member(seed000.tree.cell_a1, full_name="Trần Thị Thu Hương")
    code = seed000.campaign.code

    # 1. The cell secretary files and submits.
    page = signed_in_page(browser, live_server, seed000.secretary_a1)
    page.goto(f"/ho-so/c/{code}/moi/")
    with page.expect_request_finished():  # htmx swaps the category's fields in
        page.select_option("select[name=category]", str(seed000.members.pk))
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=person]", str(person.pk))
    page.fill(
        "textarea[name=achievement_summary]",
        "Xây dựng mô hình “Khu phố sạch, an toàn”, vận động 120 hộ tham gia.",
    )
    page.click("button[name=action][value=submit]")
    page.wait_for_load_state("networkidle")
    nomination = Nomination.objects.get(person=person)
    assert nomination.state == NominationState.PROPOSED
    assert "Trần Thị Thu Hương" in page.content()
    page.screenshot(path=artifacts_dir / "seed000-1-filed.png", full_page=True)
    page.context.close()

    # 2. The ward committee's staff appraise and pass it on to the district.
    page = signed_in_page(browser, live_server, seed000.staff_grassroots_a)
    page.goto(f"/ho-so/{nomination.public_id}/")
    click_action(page, "/tham-dinh/")
    click_action(page, "/chuyen-tiep/")
    nomination.refresh_from_db()
    assert nomination.reviewing_unit == seed000.tree.district_a
    page.context.close()

    # 3. The district's staff appraise, record the standing committee's vote and send it up.
    page = signed_in_page(browser, live_server, seed000.staff_district_a)
    page.goto(f"/ho-so/{nomination.public_id}/")
    click_action(page, "/tham-dinh/")
    cap_text = vote(page, live_server, code, nomination, "forward")
    assert re.search(r"10% × 10 .*= 1", cap_text), cap_text
    nomination.refresh_from_db()
    assert nomination.state == NominationState.FORWARDED
    page.goto(f"/ho-so/c/{code}/gui-len/")
    page.check(f'input[name=nominations][value="{nomination.public_id}"]')
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    nomination.refresh_from_db()
    assert (nomination.state, nomination.reviewing_unit) == (
        NominationState.PROPOSED,
        seed000.tree.city,
    )
    page.context.close()

    # 4. The city's staff appraise; the city's standing committee votes to honor.
    page = signed_in_page(browser, live_server, seed000.staff_city)
    page.goto(f"/ho-so/{nomination.public_id}/")
    click_action(page, "/tham-dinh/")
    page.context.close()
    page = signed_in_page(browser, live_server, seed000.standing_city)
    vote(page, live_server, code, nomination, "honor")
    nomination.refresh_from_db()
    assert nomination.state == NominationState.HONORED

    # 5. The final list shows the honored member; the timeline shows every step.
    page.goto(f"/ho-so/c/{code}/danh-sach/")
    row = page.locator('[data-testid="final-row"]', has_text="Trần Thị Thu Hương")
    assert row.count() == 1
    page.screenshot(path=artifacts_dir / "seed000-2-final-list.png", full_page=True)
    page.goto(f"/ho-so/{nomination.public_id}/")
    assert nomination.events.count() == 12
    page.screenshot(path=artifacts_dir / "seed000-3-timeline.png", full_page=True)
    page.context.close()


def test_lists_that_open_on_demand(browser, live_server, seed000, artifacts_dir):
    """The queue's return/refuse form and the progress page's silent units are fetched when
    asked for (htmx): the form works once it has arrived, the list names the right cells."""
    seed000.city.closes_at = timezone.now() + datetime.timedelta(days=30)
    seed000.city.save()
    nomination = seed000.file(seed000.member(seed000.tree.cell_a1, full_name="Lê Văn Bình"))
    code = seed000.campaign.code

    page = signed_in_page(browser, live_server, seed000.staff_grassroots_a)
    page.goto(f"/ho-so/c/{code}/tham-dinh/")
    row = page.locator('[data-testid="queue-row"]', has_text="Lê Văn Bình")
    assert row.locator('[data-testid="reason-form"]').count() == 0  # not in the page yet
    row.locator(".reason-slot a").click()
    row.locator('[data-testid="reason-form"] textarea[name=reason]').fill("Bổ sung minh chứng.")
    row.locator('[data-testid="reason-form"] button[formaction$="/tra-lai/"]').click()
    page.wait_for_selector('[data-testid="queue-filter"]')
    assert page.url.endswith(f"/ho-so/c/{code}/tham-dinh/")  # back to the queue
    nomination.refresh_from_db()
    assert (nomination.state, nomination.state_reason) == (
        NominationState.RETURNED,
        "Bổ sung minh chứng.",
    )
    page.context.close()

    page = signed_in_page(browser, live_server, seed000.staff_district_a)
    page.goto(f"/ho-so/c/{code}/tien-do/")
    silent = page.locator('[data-testid="progress-row"]', has_text="Đảng ủy phường An Hòa").locator(
        '[data-testid="silent-units"]'
    )
    assert silent.locator('[data-testid="silent-list"]').count() == 0
    silent.locator("summary").click()
    items = silent.locator('[data-testid="silent-list"] li')
    items.first.wait_for()
    assert items.all_inner_texts() == ["Chi bộ khu vực 2 · Đảng ủy phường An Hòa"]
    page.screenshot(path=artifacts_dir / "seed000-4-progress-silent.png", full_page=True)
    page.context.close()
