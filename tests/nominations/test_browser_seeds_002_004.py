"""Seeds 004 and 002 in the browser, through the real pages.

004: a đảng bộ files a collective and an individual inside the window, the district's Ban
Tuyên giáo appraises them, the standing committee votes to propose them to the city within the
allocation (1 collective, 2 individuals); the đảng bộ writes and submits its sơ kết report and
the district reads it, side by side with another unit's.

002: a chi bộ cơ sở, a đảng bộ cơ sở and a đoàn thể (with a worker who is not a party member)
file, each nomination reaching the bloc committee's level (the shortlist and the public vote
are another feature)."""

import datetime

import pytest
from django.utils import timezone

from nominations.completeness import requirements_for
from nominations.evidence import attach_evidence
from nominations.models import LevelDecision, Nomination, NominationState, Outcome
from nominations.samples import sample_upload
from reports import services as reports
from reports.models import UnitReport
from tests.browser_fixtures import signed_in_page
from tests.nominations.test_browser_seed000 import click_action

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("media"),
]

FIELD = "Lao động sản xuất"


def open_now(seed):
    """The seed's dates are in 2023: the window and the report deadline move around now."""
    now = timezone.now()
    level = seed.campaign.levels.get()
    level.opens_at = now - datetime.timedelta(days=1)
    level.closes_at = now + datetime.timedelta(days=10)
    level.save()
    seed.campaign.report_requests.update(due_at=now + datetime.timedelta(days=5))


def file_through_the_form(
    page, code, *, category, nominee_field, nominee, summary, ticks=0, field=FIELD
):
    page.goto(f"/ho-so/c/{code}/moi/")
    # htmx swaps the category's fields in: wait for its request, as "networkidle" was reached
    # before it (a slow, loaded machine showed the old fields)
    with page.expect_request_finished():
        page.select_option("select[name=category]", str(category.pk))
    # …and for the swap: the old fields, still there when the request finished, were replaced
    # under a click (a loaded machine: "Clicking the checkbox did not change its state")
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )
    page.wait_for_load_state("networkidle")
    page.select_option(f"select[name={nominee_field}]", str(nominee.pk))
    page.select_option("select[name=field_of_work]", field)
    page.fill("textarea[name=achievement_summary]", summary)
    boxes = page.locator("input[name=checklist_confirmed]")
    assert boxes.count() == ticks
    for i in range(ticks):
        boxes.nth(i).check()
    page.click("button[name=action][value=save]")
    page.wait_for_load_state("networkidle")


def submit_on_the_detail_page(page, nomination):
    page.goto(f"/ho-so/{nomination.public_id}/")
    click_action(page, "/gui/")


def attach_documents(user, nomination):
    # The upload form has its own browser test (tests/dossiers/test_browser_evidence.py).
    for requirement in requirements_for(nomination):
        attach_evidence(
            user, nomination, sample_upload(requirement.name, "minh-chung.pdf"), requirement
        )


def test_seed_004_filing_vote_and_review_report(browser, live_server, seed004, artifacts_dir):
    open_now(seed004)
    tree, code = seed004.tree, seed004.campaign.code
    person = seed004.person(tree.cell_a1, full_name="Nguyễn Thị Mai", phone="0912 345 678")

    # 1. The đảng bộ's staff see what they may still file, then file both nominees.
    page = signed_in_page(browser, live_server, seed004.staff_grassroots)
    page.goto(f"/ho-so/c/{code}/don-vi/")
    assert "1 tập thể và 2 cá nhân" in page.locator('[data-testid="quota"]').inner_text()
    file_through_the_form(
        page,
        code,
        category=seed004.collective,
        nominee_field="collective",
        nominee=tree.cell_a1,
        ticks=2,
        summary="Chi bộ xây dựng chuẩn mực đạo đức theo tấm gương Bác.",
    )
    file_through_the_form(
        page,
        code,
        category=seed004.individual,
        nominee_field="person",
        nominee=person,
        ticks=2,
        summary="Đăng ký và thực hiện tốt việc học tập và làm theo Bác.",
    )
    nominations = list(Nomination.objects.filter(campaign=seed004.campaign).order_by("id"))
    assert [n.state for n in nominations] == [NominationState.DRAFT] * 2
    assert {n.field_of_work for n in nominations} == {FIELD}
    for nomination in nominations:
        attach_documents(seed004.staff_grassroots, nomination)
        submit_on_the_detail_page(page, nomination)
    page.goto(f"/ho-so/c/{code}/don-vi/")
    assert "1 cá nhân" in page.locator('[data-testid="quota"]').inner_text()
    page.screenshot(path=artifacts_dir / "seed004-1-filed.png", full_page=True)
    for nomination in nominations:
        nomination.refresh_from_db()
        assert (nomination.state, nomination.reviewing_unit) == (
            NominationState.PROPOSED,
            tree.district_a,
        )

    # 2. The đảng bộ writes its sơ kết report section by section and submits it.
    page.goto(f"/bao-cao/c/{code}/")
    page.click('[data-testid="write-report"]')
    page.screenshot(path=artifacts_dir / "seed004-2-report-editor.png", full_page=True)
    page.fill("textarea[name=section_i]", "Ban hành kế hoạch thực hiện chuyên đề năm 2023.")
    page.fill("textarea[name=section_ii]", "Xây dựng 3 mô hình dân vận khéo.")
    page.fill("textarea[name=section_iii]", "Sinh hoạt chuyên đề ở một số chi bộ chưa đều.")
    page.click("button[name=action][value=save]")
    page.wait_for_load_state("networkidle")
    page.click("button[name=action][value=submit]")  # IV still empty: refused, draft kept
    page.wait_for_selector('[data-testid="form-errors"]')
    assert "IV." in page.locator('[data-testid="form-errors"]').inner_text()
    page.fill("textarea[name=section_iv]", "Gắn học tập và làm theo Bác với nhiệm vụ chính trị.")
    page.click("button[name=action][value=submit]")
    page.wait_for_load_state("networkidle")
    assert UnitReport.objects.get(unit=tree.grassroots_a).is_submitted
    page.screenshot(path=artifacts_dir / "seed004-2-report.png", full_page=True)
    page.context.close()

    # The mass organisation also reports (through the service), for the side-by-side reading.
    request = seed004.campaign.report_requests.get()
    reports.save_report_draft(
        seed004.staff_mass_org,
        request,
        tree.mass_org_a,
        {n: f"Mục {n} của Ủy ban MTTQ." for n in ("I", "II", "III", "IV")},
    )
    reports.submit_report(seed004.staff_mass_org, request, tree.mass_org_a)

    # 3. The district's Ban Tuyên giáo appraises both nominations.
    page = signed_in_page(browser, live_server, seed004.staff_district)
    for nomination in nominations:
        page.goto(f"/ho-so/{nomination.public_id}/")
        for box in page.locator("input[name=checklist_verified]").all():
            box.check()
        click_action(page, "/tham-dinh/")
        nomination.refresh_from_db()
        assert nomination.state == NominationState.APPRAISED

    # 4. ... and records the standing committee's vote: both proposed to the city.
    page.goto(f"/ho-so/c/{code}/bieu-quyet/moi/")
    now = timezone.localtime()
    page.fill("input[name=held_on]", now.strftime("%Y-%m-%d"))
    page.fill("input[name=held_time]", "09:00")
    page.fill("input[name=sitting_members]", "11")
    page.fill("input[name=present_members]", "11")
    page.locator('[data-testid="session-form"] button[type=submit]').click()
    page.wait_for_selector('[data-testid="threshold"]')
    for nomination in nominations:
        row = page.locator(f'form[action$="/phieu/{nomination.public_id}/"]')
        row.locator("select[name=proposed_outcome]").select_option(Outcome.FORWARD)
        row.locator("input[name=votes_for]").fill("9")
        row.locator("button[type=submit]").click()
        page.wait_for_load_state("networkidle")
    page.locator('form[action$="/ket-thuc/"] button[type=submit]').click()
    # The badge is on the page before the close too: wait for the closed one.
    page.wait_for_selector('[data-testid="session-state"][data-state="closed"]')
    for nomination in nominations:
        nomination.refresh_from_db()
        assert nomination.state == NominationState.FORWARDED
    assert LevelDecision.objects.filter(unit=tree.district_a, outcome=Outcome.FORWARD).count() == 2
    page.screenshot(path=artifacts_dir / "seed004-3-voted.png", full_page=True)

    # 5. The district reads who has reported, then two reports side by side.
    page.goto(f"/bao-cao/c/{code}/")
    page.click('[data-testid="report-overview"]')
    counts = page.locator('[data-testid="report-counts"]').inner_text()
    assert "2" in counts and "3" in counts
    assert page.locator('[data-testid="late"]').count() == 0  # the deadline is ahead
    page.screenshot(path=artifacts_dir / "seed004-4-overview.png", full_page=True)
    for box in page.locator("input[name=unit]").all():
        box.check()
    page.click('[data-testid="compare"]')
    table = page.locator('[data-testid="compare-table"]').inner_text()
    assert "Xây dựng 3 mô hình dân vận khéo." in table and "Mục II của Ủy ban MTTQ." in table
    page.screenshot(path=artifacts_dir / "seed004-5-side-by-side.png", full_page=True)
    with page.expect_download() as download:
        page.goto(f"/bao-cao/c/{code}/{request.code}/tong-hop/")
        page.click('[data-testid="consolidated"]')
    assert download.value.suggested_filename.endswith(".docx")
    page.context.close()


def test_seed_002_three_kinds_of_unit_reach_the_bloc_committee(
    browser, live_server, filing_002, artifacts_dir
):
    level = filing_002.campaign.levels.get()
    level.closes_at = timezone.now() + datetime.timedelta(days=10)
    level.save()
    tree, code = filing_002.tree, filing_002.campaign.code
    filers = [
        (
            filing_002.secretary_grassroots_cell,
            filing_002.person(tree.grassroots_cell_a, full_name="Lê Văn Bình"),
        ),
        (filing_002.staff_grassroots, filing_002.person(tree.cell_a2, full_name="Phạm Thu Hà")),
        (
            filing_002.staff_mass_org,
            filing_002.person(
                tree.mass_org_a,
                full_name="Võ Minh Tâm",
                is_party_member=False,
                position="Công nhân",
            ),
        ),
    ]
    for user, person in filers:
        page = signed_in_page(browser, live_server, user)
        file_through_the_form(
            page,
            code,
            category=filing_002.individual,
            nominee_field="person",
            nominee=person,
            field="Nghiên cứu khoa học",
            ticks=len(filing_002.individual.checklist),
            summary="Sáng kiến cải tiến quy trình, làm lợi 200 triệu đồng.",
        )
        nomination = Nomination.objects.get(person=person)
        attach_documents(user, nomination)  # the dossier leaves the unit complete
        submit_on_the_detail_page(page, nomination)
        nomination.refresh_from_db()
        assert (nomination.state, nomination.reviewing_unit) == (
            NominationState.PROPOSED,
            tree.district_a,
        )
        page.context.close()

    # The bloc committee's Ban Tuyên giáo sees all three waiting, the non-member marked.
    page = signed_in_page(browser, live_server, filing_002.staff_district)
    page.goto(f"/ho-so/c/{code}/tham-dinh/")
    body = page.content()
    for _user, person in filers:
        assert person.full_name in body
    page.screenshot(path=artifacts_dir / "filing_002-queue.png", full_page=True)
    page.context.close()
