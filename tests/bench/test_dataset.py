"""generate_dataset: the small scale builds a valid tree and a campaign whose nominations are
where the services would have left them, the same seed gives the same data, and the real pages
render it."""

import io
from collections import Counter
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from bench.dataset import (
    ROUTES,
    SCALES,
    TOP_CODE,
    Generator,
    district_routes,
)
from committees.models import Person, PersonRating, Unit, User
from nominations import selectors, services
from nominations.models import LevelDecision, Nomination, NominationEvent, Outcome, Tally
from nominations.models import NominationState as S
from tests.shared_data import built_once, shared_data

# Generated once for the module (tests/shared_data.py); each test's changes are undone after it.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("dataset")]


@shared_data
def generated(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with built_once(django_db_blocker), override_settings(MEDIA_ROOT=media):
        out = io.StringIO()
        call_command("generate_dataset", "--scale", "small", "--seed", "7", stdout=out)
        yield out.getvalue()


@pytest.fixture
def dataset(generated, db):
    return generated


def test_the_tree_is_a_valid_treebeard_tree(dataset):
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    top = Unit.objects.get(code=TOP_CODE)
    scale = SCALES["small"]
    assert top.numchild == scale.districts
    cells = Unit.objects.filter(path__startswith=top.path, depth=4)
    assert (
        cells.count()
        == scale.districts * scale.grassroots_per_district * scale.cells_per_grassroots
    )
    # treebeard's own insertion continues the generated numbering
    child = Unit.objects.add_child(
        top, instance=Unit(code="TP-NEW", name="Đảng ủy mới", kind="dang_uy_truc_thuoc")
    )
    assert child.path == top.path + Unit._int2str(scale.districts + 1).rjust(Unit.steplen, "0")


def test_people_have_three_years_of_ratings(dataset):
    assert Person.objects.count() == SCALES["small"].people
    years = Counter(PersonRating.objects.values_list("year", flat=True))
    assert len(years) == 3
    members = Person.objects.filter(is_party_member=True).count()
    assert set(years.values()) == {members}


def test_logins_are_printed_and_work(dataset):
    for username in ("tp_admin", "tp_tochuc", "tp_btv", "bt_tp_d01_g01_c1"):
        assert username in dataset
        assert User.objects.get(username=username).check_password("DangVien@2025")


def test_every_state_is_represented(dataset):
    states = set(Nomination.objects.values_list("state", flat=True))
    assert states == set(S.values)


def test_each_history_is_a_chain_ending_in_the_state(dataset):
    events = {}
    for event in NominationEvent.objects.order_by("id"):
        events.setdefault(event.nomination_id, []).append(event)
    for nomination in Nomination.objects.all():
        chain = events[nomination.pk]
        assert chain[0].from_state == "" and chain[0].to_state == S.DRAFT
        for before, after in pairwise(chain):
            assert after.from_state == before.to_state
            assert after.at >= before.at
        assert chain[-1].to_state == nomination.state
        assert chain[-1].level_id == nomination.level_id


def test_levels_decisions_and_tallies_agree_with_the_state(dataset):
    campaign = Nomination.objects.first().campaign
    levels = {lvl.position: lvl for lvl in campaign.levels.all()}
    for n in Nomination.objects.select_related("level", "reviewing_unit", "filing_unit"):
        if n.state == S.DRAFT:
            assert n.level is None and n.reviewing_unit is None
            continue
        chain = services._chain(n, campaign)
        step = next(s for s in chain if s.level.pk == n.level_id)
        assert n.reviewing_unit == step.unit
        decisions = list(n.decisions.order_by("level__position"))
        assert [d.level.position for d in decisions] == (
            list(
                range(
                    1,
                    n.level.position
                    + (1 if n.state in (S.HONORED, S.REJECTED, S.FORWARDED) else 0),
                )
            )
        )
        if n.state == S.HONORED:
            assert n.honored_level == n.level == decisions[-1].level
            assert decisions[-1].outcome == Outcome.HONOR and decisions[-1].vote_session
        if n.state in (S.VOTED, S.HONORED) or (n.state == S.FORWARDED and n.level == levels[2]):
            assert Tally.objects.filter(nomination=n, session__level=n.level).exists()
        if n.state not in (S.DRAFT,):
            assert n.evidence.exists()


def test_the_forwarding_cap_holds_at_every_district(dataset):
    campaign = Nomination.objects.first().campaign
    district_level = campaign.levels.get(position=2)
    units = LevelDecision.objects.filter(level=district_level).values_list("unit", flat=True)
    for unit in Unit.objects.filter(pk__in=set(units)):
        cap = selectors.cap_status(district_level, unit)
        assert cap.ok, unit


def test_what_passed_appraisal_is_eligible(dataset):
    from django.utils import timezone

    from nominations.eligibility import annotate_eligibility

    nominations = list(
        Nomination.objects.exclude(
            state__in=[S.DRAFT, S.PROPOSED, S.RETURNED, S.WITHDRAWN, S.REJECTED]
        ).select_related("person__unit", "category", "campaign")
    )
    annotate_eligibility(nominations, nominations[0].campaign, timezone.localdate())
    assert all(n.is_eligible for n in nominations)


def test_the_same_seed_gives_the_same_data(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def fingerprint():
        with transaction.atomic():
            Generator(SCALES["small"], 11).run()
            result = (
                list(
                    Person.objects.order_by("code").values_list("code", "full_name", "unit__code")
                ),
                list(
                    Nomination.objects.order_by("public_id").values_list(
                        "public_id", "person__code", "state", "level__position"
                    )
                ),
            )
            transaction.set_rollback(True)
        return result

    assert fingerprint() == fingerprint()


def test_routes_respect_the_cap_in_every_district_size():
    for count in range(0, 400, 7):
        for first in (True, False):
            routes = Counter(district_routes(count, first=first))
            forwarded = sum(routes[r] for r in ROUTES if r.startswith("l3") or r == "l2_forwarded")
            assert sum(routes.values()) == count
            assert forwarded <= routes["l2_honored"] // 10


@pytest.mark.parametrize(
    "username,name,top",
    [
        ("tp_tochuc", "nominations:queue", True),
        ("tp_tochuc", "nominations:progress", True),
        ("tp_tochuc", "nominations:final-list", True),
        ("tc_tp_d01", "nominations:queue", True),
        ("tc_tp_d01_g01", "nominations:progress", True),
        ("bt_tp_d01_g01_c1", "nominations:unit-nominations", True),
    ],
)
def test_the_real_pages_render_the_dataset(dataset, client, username, name, top):
    client.force_login(User.objects.get(username=username))
    campaign = Nomination.objects.first().campaign
    assert client.get(reverse(name, args=[campaign.code])).status_code == 200


def test_dashboards_tree_and_a_nomination_page_render(dataset, client):
    nomination = Nomination.objects.filter(state=S.HONORED).first()
    for username in ("tp_admin", "tp_tochuc", "tp_btv", "bt_tp_d01_g01_c1"):
        client.force_login(User.objects.get(username=username))
        assert client.get(reverse("dashboard")).status_code == 200
        assert client.get(reverse("committees:unit-tree"), follow=True).status_code == 200
    client.force_login(User.objects.get(username="tp_tochuc"))
    assert client.get(reverse("nominations:detail", args=[nomination.public_id])).status_code == 200


def test_the_generated_history_is_a_valid_hash_chain_that_the_services_continue(dataset):
    from committees.models import UnitChange
    from core.audit.records import ChainHead

    out = io.StringIO()
    call_command("verify_history", stdout=out)  # raises CommandError on a broken link
    events = NominationEvent.objects.count()
    assert ChainHead.objects.get(name="nominations").length == events
    assert ChainHead.objects.get(name="units").length == UnitChange.objects.count()
    assert list(
        NominationEvent.objects.order_by("chain_seq").values_list("chain_seq", flat=True)
    ) == list(range(1, events + 1))
    # a row written the ordinary way after the generated ones links to the last of them
    last = NominationEvent.objects.order_by("chain_seq").last()
    NominationEvent.objects.create(
        nomination=last.nomination,
        from_state=last.to_state,
        to_state=last.to_state,
        reason="after the generator",
    )
    call_command("verify_history", stdout=out)
    assert ChainHead.objects.get(name="nominations").length == events + 1


def test_the_public_vote_bench_casts_through_the_real_view(dataset, settings):
    # bench/public_vote.py: the vote it makes through the services, the voters it prepares
    # (a verified challenge and a session each) and the invariants it checks afterwards.
    from django.test import Client

    from bench.public_vote import check_invariants, prepare_voters, the_vote
    from public_votes.models import Ballot

    vote = the_vote()
    assert the_vote() == vote and vote.entries.count() == 30
    url = reverse("public_votes:public-vote-ballot", kwargs={"public_id": vote.public_id})
    for voter in prepare_voters(vote, 3):
        browser = Client(enforce_csrf_checks=True)
        browser.cookies[settings.SESSION_COOKIE_NAME] = voter.session
        browser.cookies[settings.CSRF_COOKIE_NAME] = voter.csrf
        data = {"entries": voter.choices, "csrfmiddlewaretoken": voter.csrf}
        assert browser.post(url, data).status_code == 302
        assert browser.post(url, data).status_code == 302  # refused: back to the vote page
    assert Ballot.objects.filter(vote=vote).count() == 3
    assert check_invariants(vote) == []
