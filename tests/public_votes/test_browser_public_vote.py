"""Seed 002's public vote in the browser: the committee shortlists and publishes, several voters
each prove an address with the code from their e-mail and cast a ballot, then after the close
the committee reads the ranking, decides the tie at the cut-off and confirms the honored."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from nominations.models import NominationState
from public_votes import services
from public_votes.models import Ballot, PublicVote, PublicVoteState
from tests.browser_fixtures import signed_in_page
from tests.public_vote_fixtures import code_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def new_page(browser, live_server):
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    context.set_default_timeout(15_000)
    return context.new_page()


def cast(browser, live_server, public_path, address, choices):
    """One voter in a fresh browser: code by e-mail, verification, ballot, receipt."""
    page = new_page(browser, live_server)
    page.goto(public_path)
    assert page.locator('[data-testid="shortlist-entry"]').count() == 25
    sent = len(mail.outbox)
    page.fill("input[name=email]", address)
    page.locator('form[action$="/gui-ma/"] button[type=submit]').click()
    page.wait_for_selector("input[name=code]")
    assert len(mail.outbox) == sent + 1 and mail.outbox[-1].to == [address]
    page.fill("input[name=code]", code_in(mail.outbox[-1].body))
    page.locator("form button[type=submit]").first.click()
    page.wait_for_selector("input[name=entries]")
    for entry in choices:
        page.check(f'input[name=entries][value="{entry.public_id}"]')
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector('[data-testid="receipt"]')
    receipt = page.locator('[data-testid="receipt"]').inner_text()
    page.context.close()
    return receipt


def test_public_vote_end_to_end(browser, live_server, seed002, artifacts_dir):
    now = timezone.now()
    vote = seed002.vote(
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(hours=1),
        honor_count=3,
        max_choices=16,
    )
    seed002.appraised(27)

    # The committee shortlists 25 of the 27 and publishes.
    staff = signed_in_page(browser, live_server, seed002.staff)
    staff.goto(f"/ho-so/c/{seed002.campaign.code}/binh-chon/danh-sach/")
    boxes = staff.locator("input[name=nominations]")
    assert boxes.count() == 27
    for i in range(25):
        boxes.nth(i).check()
    staff.locator("main form button[type=submit]").click()
    staff.wait_for_selector('[data-testid="shortlist-counter"] >> text=/25/')
    staff.goto(f"/ho-so/c/{seed002.campaign.code}/binh-chon/")
    staff.locator("input[name=action][value=publish] + button").click()
    staff.wait_for_selector('[data-testid="public-url"]')
    public_path = staff.locator('[data-testid="public-url"]').get_attribute("href")
    public_path = public_path.replace(live_server.url, "")

    entries = list(PublicVote.objects.get(pk=vote.pk).entries.order_by("order"))
    e1, e2, e3, e4 = entries[:4]
    receipts = [
        cast(browser, live_server, public_path, "an@example.vn", [e1, e2, e3]),
        cast(browser, live_server, public_path, "binh@example.vn", [e1, e2, e4]),
        cast(browser, live_server, public_path, "chi@example.vn", [e1, e3, e4]),
    ]
    assert len(set(receipts)) == 3
    assert Ballot.objects.filter(vote=vote).count() == 3

    # Before the close nobody sees a count, the committee included.
    staff.goto(f"/ho-so/c/{seed002.campaign.code}/binh-chon/ket-qua/")
    staff.wait_for_selector('[data-testid="results-hidden"]')

    # The clock passes the closing moment.
    PublicVote.objects.filter(pk=vote.pk).update(
        closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    staff.goto(f"/ho-so/c/{seed002.campaign.code}/binh-chon/")
    staff.locator("input[name=action][value=close] + button").click()
    staff.wait_for_selector('[data-testid="ranking"]')
    assert staff.locator('[data-testid="ranking-row"]').count() == 25
    # e1 has 3 votes; e2, e3, e4 have 2 each for the 2 remaining places: a tie to decide.
    staff.wait_for_selector('[data-testid="tie-warning"]')
    staff.screenshot(path=str(artifacts_dir / "public-vote-ranking.png"), full_page=True)
    staff.locator("main form button[type=submit]").click()
    staff.wait_for_selector('[data-testid="form-errors"]')
    assert PublicVote.objects.get(pk=vote.pk).state == PublicVoteState.CLOSED
    staff.check(f'input[name=tie_winners][value="{e2.public_id}"]')
    staff.check(f'input[name=tie_winners][value="{e4.public_id}"]')
    staff.locator("main form button[type=submit]").click()
    staff.wait_for_selector(".alert-success")

    vote.refresh_from_db()
    assert vote.state == PublicVoteState.CONFIRMED
    states = {e.pk: e.nomination.state for e in vote.entries.select_related("nomination")}
    assert [states[e.pk] for e in (e1, e2, e3, e4)] == [
        NominationState.HONORED,
        NominationState.HONORED,
        NominationState.REJECTED,
        NominationState.HONORED,
    ]
    _result, ranked = services.ranking(vote)
    assert [item.row.votes for item in ranked[:4]] == [3, 2, 2, 2]

    # The public page marks the honored, still without counts.
    visitor = new_page(browser, live_server)
    visitor.goto(public_path)
    assert visitor.locator('[data-testid="shortlist-entry"] .badge').count() == 3
    visitor.screenshot(path=str(artifacts_dir / "public-vote-page.png"), full_page=True)
