"""The movement ships with the seed 001 configuration: read, exported back, checked, shifted."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from campaigns import config
from campaigns.models import Movement
from movements.models import Judgement
from tests.campaigns.test_config import load_fixture, problems

pytestmark = pytest.mark.django_db


def test_seed_001_loads_its_movement_and_milestones(seed_units):
    campaign = config.import_campaign(load_fixture("001"))
    movement = campaign.movement
    assert (movement.first_year, movement.last_year) == (2022, 2027)
    assert (movement.cell_member_percent, movement.committee_member_percent) == (100, 90)
    assert (movement.cells_numerator, movement.cells_denominator) == (3, 4)
    deadlines = {(m.kind, m.level): m.deadline for m in movement.milestones.all()}
    assert len(deadlines) == 6
    cells = deadlines[("registration", "cells")]
    assert cells.isoformat() == "2022-12-09T17:00:00+00:00"  # 10/12/2022 00:00 in Hồ Chí Minh


def test_export_gives_back_the_file(seed_units):
    data = load_fixture("001")
    assert config.export_campaign(config.import_campaign(data)) == data


def test_a_file_without_a_movement_still_reads_and_exports_without_one(seed_units):
    data = load_fixture("001")
    del data["movement"]
    campaign = config.import_campaign(data)
    assert not Movement.objects.filter(campaign=campaign).exists()
    assert "movement" not in config.export_campaign(campaign)


def test_updating_without_a_movement_keeps_the_records(seed_units):
    campaign = config.import_campaign(load_fixture("001"))
    Judgement.objects.create(
        movement=campaign.movement,
        unit=campaign.organiser,
        year=2024,
        judged_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )
    data = load_fixture("001")
    del data["movement"]
    config.update_campaign(campaign, data)
    assert Judgement.objects.count() == 1


def test_bad_movement_values_are_reported_at_their_path(seed_units):
    data = load_fixture("001")
    data["movement"].update(first_year=2027, last_year=2022, cells_numerator=5)
    data["movement"]["milestones"][0]["level"] = "districts"
    data["movement"]["milestones"].append(dict(data["movement"]["milestones"][1]))
    with pytest.raises(ValidationError) as error:
        config.import_campaign(data)
    found = problems(error.value)
    assert set(found) == {
        "movement.last_year",
        "movement.cells_numerator",
        "movement.milestones[0].level",
        "movement.milestones[6]",
    }


def test_shifting_moves_the_milestones_but_not_the_years():
    data = config.shift_config(load_fixture("001"), 10)
    assert data["movement"]["first_year"] == 2022
    assert data["movement"]["milestones"][1]["deadline"] == "2022-12-20T00:00:00+07:00"
