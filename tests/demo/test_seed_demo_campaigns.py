"""The demo opens the four seed campaigns today and puts a few seed-000 nominations under way."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from campaigns.models import Campaign, CampaignStatus
from nominations.completeness import missing_documents
from nominations.models import Nomination
from nominations.models import NominationState as S
from tests.shared_data import built_once, shared_data

# Seeded once for the module (tests/shared_data.py); each test's changes are undone after it.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("seed-demo-campaigns")]


@shared_data
def seeded_once(django_db_setup, django_db_blocker, tmp_path_factory):
    # the stand-in documents of the nominations
    with built_once(django_db_blocker), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("m")):
        call_command("seed_demo", verbosity=0)
        call_command("seed_demo_campaigns", verbosity=0)
        yield


@pytest.fixture
def demo(seeded_once, db):
    pass


def test_the_four_seed_campaigns_are_open_with_deadlines_ahead(demo):
    campaigns = Campaign.objects.all()
    assert campaigns.count() == 4
    assert {c.status for c in campaigns} == {CampaignStatus.OPEN}
    now = timezone.now()
    for campaign in campaigns:
        deadlines = [lvl.closes_at for lvl in campaign.levels.all() if lvl.closes_at]
        assert all(moment > now for moment in deadlines), campaign.code


def test_seed_000_has_nominations_at_several_steps(demo):
    states = sorted(
        Nomination.objects.filter(campaign__code="bieu-duong-bi-thu-dang-vien-2025").values_list(
            "state", "reviewing_unit__code"
        )
    )
    assert states == sorted(
        [(S.PROPOSED, "NK-AH"), (S.PROPOSED, "NK-AH"), (S.APPRAISED, "NK"), (S.DRAFT, None)]
    )


def test_the_submitted_ones_carry_their_documents(demo):
    for nomination in Nomination.objects.exclude(state=S.DRAFT):
        assert missing_documents(nomination) == []
    (draft,) = Nomination.objects.filter(state=S.DRAFT)
    assert missing_documents(draft) == ["Báo cáo tóm tắt thành tích cá nhân đề nghị biểu dương"]


def test_seed_002_has_an_open_public_vote_on_appraised_nominations(demo):
    from public_votes.models import PublicVote, PublicVoteState
    from public_votes.rules import voting_window_error

    vote = PublicVote.objects.get(campaign__code="dien-hinh-hoc-tap-lao-dong-sang-tao-2023")
    assert vote.state == PublicVoteState.OPEN and vote.unit.code == "KCQ"
    assert voting_window_error(timezone.now(), vote.opens_at, vote.closes_at) is None
    assert vote.entries.count() == 4
    assert {e.nomination.state for e in vote.entries.all()} == {S.APPRAISED}


def test_running_it_again_changes_nothing(demo):
    before = (Campaign.objects.count(), Nomination.objects.count())
    call_command("seed_demo_campaigns", verbosity=0)
    assert (Campaign.objects.count(), Nomination.objects.count()) == before


def test_seed_001_has_registrations_and_judgements(demo):
    from campaigns.models import Movement
    from movements.evaluation import evaluate_year
    from movements.models import Judgement, MovementRegistration
    from movements.services import registered_late

    movement = Movement.objects.get(campaign__code="chi-bo-bon-tot-2022-2027")
    registrations = MovementRegistration.objects.filter(movement=movement)
    assert registrations.count() == 4  # one cell never registered
    deadlines = {m.level: m.deadline for m in movement.milestones.filter(kind="registration")}
    late = [
        r.unit.code
        for r in registrations
        if registered_late(
            r.registered_at, deadlines["cells" if r.unit.is_cell else "committees"], timezone.now()
        )
    ]
    assert late == ["NK-AH-KV3"]
    assert set(Judgement.objects.values_list("year", flat=True)) == {2023, 2024, 2025}
    results = evaluate_year(2024, movement.campaign.organiser, movement)
    assert results[0].unit.code == "NK-AH"
    assert all(r.judged for r in results if r.registered_at)


def test_seed_001_has_a_reward_candidate_whose_secretary_files_its_nomination(demo):
    from campaigns.models import Movement
    from committees.models import User
    from movements.evaluation import candidates, evaluate_year
    from movements.rules import BON_TOT
    from movements.services import file_reward_nomination

    movement = Movement.objects.get(campaign__code="chi-bo-bon-tot-2022-2027")
    organiser = movement.campaign.organiser
    for year, streak in ((2023, 1), (2024, 2), (2025, 3)):
        by_code = {r.unit.code: r for r in evaluate_year(year, organiser, movement)}
        cell = by_code["NK-AH-KV1"]
        assert (cell.classification.result, cell.streak) == (BON_TOT, streak)
    found = candidates(evaluate_year(2024, organiser, movement))
    assert [r.unit.code for r in found] == ["NK-AH-KV1"]
    secretary = User.objects.get(username="bithu_kv1")
    nomination = file_reward_nomination(secretary, movement, secretary.unit, 2024)
    assert (nomination.state, nomination.collective.code) == (S.DRAFT, "NK-AH-KV1")


def test_seed_001_asks_for_the_review_reports_with_the_milestones_deadlines(demo):
    from campaigns.models import Movement
    from reports.models import ReportState, UnitReport

    movement = Movement.objects.get(campaign__code="chi-bo-bon-tot-2022-2027")
    linked = {
        (m.kind, m.level): m.report.code
        for m in movement.milestones.select_related("report")
        if m.report_id
    }
    assert linked == {
        ("mid_term", "cells"): "so-ket-chi-bo",
        ("mid_term", "committees"): "so-ket-dang-bo",
        ("final", "cells"): "tong-ket-chi-bo",
        ("final", "committees"): "tong-ket-dang-bo",
    }
    # The model cell has sent its sơ kết; its deadline, moved with the campaign, is ahead.
    (sent,) = UnitReport.objects.filter(
        state=ReportState.SUBMITTED, request__campaign=movement.campaign
    )
    assert (sent.unit.code, sent.request.code) == ("NK-AH-KV1", "so-ket-chi-bo")
    assert sent.submitted_at < sent.request.due_at
