"""``manage.py load_campaign``: the seed files load, a refused file lists every problem, and
``--shift-to-today`` moves the whole campaign by one whole number of days."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from campaigns import config
from campaigns.models import Campaign, CampaignStatus

from .test_config import FIXTURES, SEED_FILES, load_fixture, row_counts

pytestmark = pytest.mark.django_db


def load(*args) -> str:
    out = io.StringIO()
    call_command("load_campaign", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_each_seed_file_loads(seed_units, seed):
    output = load(str(FIXTURES / SEED_FILES[seed]))
    data = load_fixture(seed)
    campaign = Campaign.objects.get(code=data["code"])
    assert campaign.code in output
    assert config.export_campaign(campaign) == data


def test_the_organiser_and_code_can_be_replaced(seed_units):
    load(str(FIXTURES / SEED_FILES["001"]), "--organiser", "QA-P1", "--code", "bon-tot-qa")
    campaign = Campaign.objects.get(code="bon-tot-qa")
    assert campaign.organiser == seed_units.grassroots_a


def test_an_unknown_organiser_is_refused(seed_units):
    with pytest.raises(CommandError, match="ZZ"):
        load(str(FIXTURES / SEED_FILES["000"]), "--organiser", "ZZ")
    assert Campaign.objects.count() == 0


def test_a_refused_file_lists_every_problem(seed_units, tmp_path):
    data = load_fixture("000")
    data["levels"][0]["placement"] = "ward"
    data["levels"][2]["can_forward"] = True
    data["categories"][0]["min_unit_rating"] = "A"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = row_counts()
    with pytest.raises(CommandError) as error:
        load(str(path))
    message = str(error.value)
    assert "3 problems" in message
    for where in ("levels[0].placement", "levels[2].can_forward", "categories[0].min_unit_rating"):
        assert f"  - {where}: " in message
    assert row_counts() == before


def test_a_file_that_is_not_json_is_refused(tmp_path, db):
    path = tmp_path / "broken.json"
    path.write_text('{"format": 1,', encoding="utf-8")
    with pytest.raises(CommandError, match="không đúng định dạng JSON"):
        load(str(path))


def test_a_file_with_more_levels_than_the_editor_allows_is_refused(seed_units, tmp_path):
    data = load_fixture("000")
    data["levels"] = [dict(data["levels"][0], position=i) for i in range(1, 121)]
    path = tmp_path / "many.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = row_counts()
    with pytest.raises(CommandError, match="levels: có 120 dòng; một đợt có tối đa 50 dòng"):
        load(str(path))
    assert row_counts() == before


def test_a_deeply_nested_file_is_refused(tmp_path, db):
    path = tmp_path / "deep.json"
    path.write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    with pytest.raises(CommandError, match="lồng nhau quá sâu"):
        load(str(path))


def test_a_missing_file_is_refused(tmp_path, db):
    with pytest.raises(CommandError, match="Cannot read"):
        load(str(tmp_path / "missing.json"))


def test_loading_the_same_file_twice_is_refused(seed_units):
    load(str(FIXTURES / SEED_FILES["000"]))
    with pytest.raises(CommandError, match="code: "):
        load(str(FIXTURES / SEED_FILES["000"]))
    assert Campaign.objects.count() == 1


class TestShiftToToday:
    def test_the_last_deadline_falls_thirty_days_after_today(self, seed_units):
        load(str(FIXTURES / SEED_FILES["000"]), "--shift-to-today")
        campaign = Campaign.objects.get()
        deadline = timezone.localtime(campaign.levels.get(position=3).closes_at)
        assert deadline.date() == timezone.localdate() + datetime.timedelta(days=30)
        assert deadline.strftime("%H:%M:%S") == "00:00:00"
        assert campaign.status == CampaignStatus.OPEN

    def test_every_date_and_moment_moves_by_the_same_whole_days(self, seed_units):
        original = load_fixture("004")
        load(str(FIXTURES / SEED_FILES["004"]), "--shift-to-today")
        shifted = config.export_campaign(Campaign.objects.get())
        deltas = set()
        for key in ("period_start", "period_end"):
            deltas.add(
                datetime.datetime.fromisoformat(shifted[key])
                - datetime.datetime.fromisoformat(original[key])
            )
        for before, after in zip(original["levels"], shifted["levels"], strict=True):
            for key in ("opens_at", "closes_at"):
                deltas.add(
                    datetime.datetime.fromisoformat(after[key])
                    - datetime.datetime.fromisoformat(before[key])
                )
        assert len(deltas) == 1
        (delta,) = deltas
        assert delta.seconds == 0 and delta.microseconds == 0
        expected = timezone.localdate() + datetime.timedelta(days=30) - datetime.date(2023, 4, 1)
        assert delta == expected

    def test_a_draft_campaign_is_opened(self, seed_units, tmp_path):
        data = load_fixture("002")
        data["status"] = CampaignStatus.DRAFT
        path = tmp_path / "draft.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        load(str(path), "--shift-to-today")
        assert Campaign.objects.get().status == CampaignStatus.OPEN

    def test_without_the_option_the_dates_stay(self, seed_units):
        load(str(FIXTURES / SEED_FILES["000"]))
        data = config.export_campaign(Campaign.objects.get())
        assert data["levels"][2]["closes_at"] == "2025-01-15T00:00:00+07:00"
