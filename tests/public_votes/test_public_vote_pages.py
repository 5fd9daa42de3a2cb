"""The public vote's pages: readable without login, voting through the session, staff pages
scoped (another subtree 404, wrong role 403), no count anywhere before close, the audit file."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from committees.models import Role
from public_votes import services
from public_votes.models import Ballot, PublicVoteState
from tests.factories import UserFactory
from tests.public_vote_fixtures import code_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_vote(seed002):
    """A vote open right now (the pages act at the real clock)."""
    now = timezone.now()
    return seed002.open_vote(
        opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(hours=1)
    )


def public_url(vote, name="public-vote"):
    return reverse(f"public_votes:{name}", kwargs={"public_id": vote.public_id})


def staff_url(seed002, name):
    return reverse(f"public_votes:{name}", kwargs={"code": seed002.campaign.code})


def vote_in_browser(client, vote, address, choices, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(public_url(vote, "public-vote-code"), {"email": address})
    assert response.status_code == 302, response.content.decode()[:500]
    code = code_in(mail.outbox[-1].body)
    response = client.post(public_url(vote, "public-vote-verify"), {"code": code})
    assert response.status_code == 302
    return client.post(
        public_url(vote, "public-vote-ballot"), {"entries": [str(e.public_id) for e in choices]}
    )


def test_shortlist_is_public_without_login(client, live_vote):
    response = client.get(public_url(live_vote))
    assert response.status_code == 200
    entry = live_vote.entries.select_related("nomination__person").first()
    body = response.content.decode()
    assert entry.nomination.person.full_name in body and entry.summary in body


def test_preparing_vote_is_not_public(client, seed002):
    vote = seed002.vote()
    assert client.get(public_url(vote)).status_code == 404


def test_voter_verifies_and_casts_one_ballot(client, live_vote, django_capture_on_commit_callbacks):
    entries = list(live_vote.entries.all())[:16]
    response = vote_in_browser(
        client, live_vote, "an@example.vn", entries, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    ballot = Ballot.objects.get()
    page = client.get(public_url(live_vote)).content.decode()
    assert ballot.receipt in page
    # The same address again, from another browser: refused with a clear message.
    other = Client()
    response = vote_in_browser(
        other, live_vote, "AN@example.vn", entries[:1], django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert 'data-testid="ballot-errors"' in response.content.decode()
    assert Ballot.objects.count() == 1


def test_ballot_of_17_is_shown_at_the_field(client, live_vote, django_capture_on_commit_callbacks):
    entries = list(live_vote.entries.all())[:17]
    response = vote_in_browser(
        client, live_vote, "an@example.vn", entries, django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert 'data-testid="ballot-errors"' in response.content.decode()
    assert not Ballot.objects.exists()


def test_ballot_without_verification_is_refused(client, live_vote):
    response = client.post(
        public_url(live_vote, "public-vote-ballot"),
        {"entries": [str(live_vote.entries.first().public_id)]},
    )
    assert response.status_code == 302
    assert not Ballot.objects.exists()


def test_posts_need_the_csrf_token(live_vote):
    client = Client(enforce_csrf_checks=True)
    response = client.post(public_url(live_vote, "public-vote-code"), {"email": "an@example.vn"})
    assert response.status_code == 403


def test_no_count_before_close(client, seed002, live_vote, django_capture_on_commit_callbacks):
    entries = list(live_vote.entries.all())[:2]
    vote_in_browser(
        Client(), live_vote, "an@example.vn", entries, django_capture_on_commit_callbacks
    )
    client.force_login(seed002.staff)
    ranking = client.get(staff_url(seed002, "public-vote-ranking"))
    assert ranking.status_code == 200
    assert 'data-testid="results-hidden"' in ranking.content.decode()
    assert 'data-testid="ranking"' not in ranking.content.decode()
    assert client.get(staff_url(seed002, "public-vote-audit")).status_code == 403
    manage = client.get(staff_url(seed002, "public-vote-manage")).content.decode()
    assert "phieu.csv" not in manage


def test_after_close_ranking_and_audit_without_addresses(
    client, seed002, live_vote, django_capture_on_commit_callbacks
):
    entries = list(live_vote.entries.all())
    vote_in_browser(
        Client(), live_vote, "an@example.vn", entries[:2], django_capture_on_commit_callbacks
    )
    services.close(seed002.staff, live_vote, now=live_vote.closes_at)
    client.force_login(seed002.staff)
    ranking = client.get(staff_url(seed002, "public-vote-ranking")).content.decode()
    assert 'data-testid="ranking"' in ranking
    audit = client.get(staff_url(seed002, "public-vote-audit"))
    text = audit.content.decode("utf-8-sig")
    ballot = Ballot.objects.get()
    assert ballot.receipt in text and "example.vn" not in text and ballot.voter_hash not in text
    assert entries[0].nomination.nominee_name in text


@pytest.mark.parametrize(
    "name", ["public-vote-manage", "public-vote-shortlist", "public-vote-ranking"]
)
def test_staff_pages_scoped(client, seed002, live_vote, name):
    url = staff_url(seed002, name)
    assert client.get(url).status_code == 302  # log in first
    client.force_login(seed002.outsider)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(unit=seed002.bloc, role=Role.CELL_SECRETARY))
    assert client.get(url).status_code == 403
    client.force_login(seed002.standing)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "name", ["public-vote-manage", "public-vote-shortlist", "public-vote-ranking"]
)
def test_the_organisers_administrator_gets_403(client, seed002, live_vote, name):
    """The vote is the standing committee's: the unit's administrator is a wrong role."""
    client.force_login(UserFactory(unit=seed002.bloc, role=Role.ADMIN))
    assert client.get(staff_url(seed002, name)).status_code == 403
    assert client.post(staff_url(seed002, name)).status_code == 403


def test_cell_secretary_below_gets_404(client, seed002, live_vote):
    client.force_login(seed002.secretary)
    assert client.get(staff_url(seed002, "public-vote-manage")).status_code == 404


def test_committee_sets_up_shortlists_and_publishes(client, seed002):
    client.force_login(seed002.staff)
    now = timezone.localtime()
    response = client.post(
        staff_url(seed002, "public-vote-manage"),
        {
            "action": "save",
            "title": "Bình chọn",
            "min_shortlist": 25,
            "max_shortlist": 30,
            "max_choices": 16,
            "honor_count": 16,
            "opens_at": (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S"),
            "closes_at": (now + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S"),
        },
    )
    assert response.status_code == 302
    nominations = seed002.appraised(31)
    url = staff_url(seed002, "public-vote-shortlist")
    refused = client.post(url, {"nominations": [str(n.public_id) for n in nominations]})
    assert refused.status_code == 200 and "31" in refused.content.decode()
    client.post(url, {"nominations": [str(n.public_id) for n in nominations[:30]]})
    client.post(staff_url(seed002, "public-vote-manage"), {"action": "publish"})
    vote = seed002.campaign.public_vote
    vote.refresh_from_db()
    assert vote.state == PublicVoteState.OPEN and vote.entries.count() == 30


def test_photo_served_only_when_public(client, seed002, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.public_votes.test_public_vote_services import PNG_BYTES

    settings.MEDIA_ROOT = tmp_path
    vote = seed002.vote()
    services.set_shortlist(seed002.staff, vote, seed002.appraised(25))
    entry = services.update_entry(
        seed002.staff,
        vote.entries.first(),
        summary="Tóm tắt",
        photo=SimpleUploadedFile("a.png", PNG_BYTES),
    )
    url = reverse("public_votes:public-vote-photo", args=[vote.public_id, entry.public_id])
    assert client.get(url).status_code == 404
    client.force_login(seed002.staff)
    assert client.get(url).status_code == 200
    services.publish(seed002.staff, vote, now=vote.opens_at - datetime.timedelta(days=1))
    client.logout()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


@pytest.mark.parametrize("size", [25, 30])
def test_public_page_queries_do_not_grow(client, seed002, size, queries):
    now = timezone.now()
    vote = seed002.open_vote(
        shortlist=size,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(hours=1),
    )
    with queries.at_most(6):
        assert client.get(public_url(vote)).status_code == 200


@pytest.mark.parametrize("size", [25, 30])
def test_shortlist_page_queries_do_not_grow(client, seed002, size, queries):
    vote = seed002.vote()
    services.set_shortlist(seed002.staff, vote, seed002.appraised(size))
    client.force_login(seed002.staff)
    with queries.at_most(14):
        assert client.get(staff_url(seed002, "public-vote-shortlist")).status_code == 200


@pytest.mark.parametrize("voters", [2, 6])
def test_ranking_and_audit_queries_do_not_grow(client, seed002, voters, queries):
    vote = seed002.open_vote()
    entries = list(vote.entries.all())
    for v in range(voters):
        seed002.ballot(vote, f"v{v}@example.vn", entries[v : v + 3])
    services.close(seed002.staff, vote, now=vote.closes_at)
    client.force_login(seed002.staff)
    with queries.at_most(14):
        assert client.get(staff_url(seed002, "public-vote-ranking")).status_code == 200
    with queries.at_most(14):
        assert client.get(staff_url(seed002, "public-vote-audit")).status_code == 200


def test_entry_page_refuses_a_disguised_photo_at_the_field(client, seed002, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.public_votes.test_public_vote_services import PNG_BYTES

    settings.MEDIA_ROOT = tmp_path
    vote = seed002.vote()
    services.set_shortlist(seed002.staff, vote, seed002.appraised(25))
    entry = vote.entries.first()
    url = reverse("public_votes:public-vote-entry", args=[entry.public_id])
    client.force_login(seed002.outsider)
    assert client.get(url).status_code == 404
    client.force_login(seed002.staff)
    fake = SimpleUploadedFile("chan-dung.png", b"GIF89a not a png")
    response = client.post(url, {"summary": "Tóm tắt mới", "photo": fake})
    assert response.status_code == 200
    assert 'data-testid="field-error"' in response.content.decode()
    entry.refresh_from_db()
    assert not entry.photo and entry.summary != "Tóm tắt mới"
    response = client.post(
        url, {"summary": "Tóm tắt mới", "photo": SimpleUploadedFile("chan-dung.png", PNG_BYTES)}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.photo and entry.summary == "Tóm tắt mới"


def test_dashboard_links_the_organisers_committee_to_its_vote(client, seed002):
    client.force_login(seed002.staff)
    assert (
        staff_url(seed002, "public-vote-manage")
        not in client.get(reverse("dashboard")).content.decode()
    )
    seed002.vote()
    assert (
        staff_url(seed002, "public-vote-manage")
        in client.get(reverse("dashboard")).content.decode()
    )
    client.force_login(seed002.secretary)
    assert (
        staff_url(seed002, "public-vote-manage")
        not in client.get(reverse("dashboard")).content.decode()
    )


def test_setup_form_starts_from_the_campaigns_configuration(client, seed002):
    seed002.campaign.public_vote_rules = {
        "min_shortlist": 20,
        "max_shortlist": 22,
        "max_choices": 9,
        "honor_count": 8,
    }
    seed002.campaign.save()
    client.force_login(seed002.staff)
    form = client.get(staff_url(seed002, "public-vote-manage")).context["form"]
    assert (form.initial["min_shortlist"], form.initial["max_choices"]) == (20, 9)
