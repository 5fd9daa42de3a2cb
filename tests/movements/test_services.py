"""Registering and judging: who may, the deadline one second each side, the history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from campaigns.models import Movement
from committees.models import Role
from movements import services
from movements.models import Judgement, JudgementChange
from movements.services import Verdict
from tests.factories import CampaignFactory, UserFactory

from .conftest import REGISTRATION_CELLS

SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def ward_staff(city_tree):
    return UserFactory(unit=city_tree.grassroots_a, role=Role.STAFF)


def test_staff_above_judges_and_every_change_is_kept(city_tree, movement, ward_staff):
    cell = city_tree.cell_a1
    services.judge(ward_staff, movement, cell, 2024, Verdict(True, True, None, notes="Biên bản"))
    services.judge(ward_staff, movement, cell, 2024, Verdict(True, True, True))
    judgement = Judgement.objects.get(unit=cell, year=2024)
    assert judgement.unity_discipline is True
    assert judgement.notes == "Biên bản"  # notes not given: kept
    assert [c.unity_discipline for c in judgement.changes.all()] == [None, True]


def test_an_unchanged_judgement_writes_no_history(city_tree, movement, ward_staff):
    for _ in range(2):
        services.judge(ward_staff, movement, city_tree.cell_a1, 2024, Verdict(True, True, True))
    assert JudgementChange.objects.count() == 1


def test_history_cannot_be_edited(city_tree, movement, ward_staff):
    services.judge(ward_staff, movement, city_tree.cell_a1, 2024, Verdict(True, True, True))
    change = JudgementChange.objects.get()
    with pytest.raises(ValidationError, match="history of a judgement cannot be changed"):
        change.save()
    with pytest.raises(ValidationError, match="history of a judgement cannot be deleted"):
        JudgementChange.objects.all().delete()


@pytest.mark.parametrize("who", ["own_unit", "outside", "secretary_above"])
def test_who_cannot_judge(city_tree, movement, who):
    user = {
        "own_unit": lambda: UserFactory(unit=city_tree.cell_a1, role=Role.STAFF),
        "outside": lambda: UserFactory(unit=city_tree.grassroots_b, role=Role.STAFF),
        "secretary_above": lambda: UserFactory(
            unit=city_tree.grassroots_a, role=Role.CELL_SECRETARY
        ),
    }[who]()
    with pytest.raises(PermissionDenied):
        services.judge(user, movement, city_tree.cell_a1, 2024, Verdict(True, True, True))
    assert not Judgement.objects.exists()


def test_a_district_judges_a_grassroots_committee(city_tree, movement):
    district = UserFactory(unit=city_tree.district_a, role=Role.STAFF)
    services.judge(district, movement, city_tree.grassroots_a, 2024, Verdict(True, False, True))
    assert Judgement.objects.get().meeting_quality is False


def test_years_outside_the_movement_and_other_units_are_refused(city_tree, movement, ward_staff):
    with pytest.raises(ValidationError, match="evaluates the years 2022 to 2027"):
        services.judge(ward_staff, movement, city_tree.cell_a1, 2021, Verdict(True, True, True))
    district = UserFactory(unit=city_tree.city, role=Role.STAFF)
    with pytest.raises(ValidationError, match="Only party cells and grassroots party committees"):
        services.judge(district, movement, city_tree.mass_org_a, 2024, Verdict(True, True, True))


def test_registration_is_on_time_up_to_the_second_before_the_deadline(city_tree, movement):
    secretary = UserFactory(unit=city_tree.cell_a1, role=Role.CELL_SECRETARY)
    deadline = services.registration_deadline(movement, city_tree.cell_a1.kind)
    assert deadline == REGISTRATION_CELLS
    registration = services.register(secretary, movement, city_tree.cell_a1, now=deadline - SECOND)
    assert services.on_time(registration.registered_at, deadline)
    assert not services.on_time(deadline, deadline)
    assert not services.on_time(deadline + SECOND, deadline)


def test_a_late_registration_is_recorded_as_late(city_tree, movement):
    secretary = UserFactory(unit=city_tree.cell_a2, role=Role.CELL_SECRETARY)
    registration = services.register(secretary, movement, city_tree.cell_a2, now=REGISTRATION_CELLS)
    assert not services.on_time(registration.registered_at, REGISTRATION_CELLS)


def test_registering_twice_or_another_unit_is_refused(city_tree, movement):
    secretary = UserFactory(unit=city_tree.cell_a1, role=Role.CELL_SECRETARY)
    services.register(secretary, movement, city_tree.cell_a1)
    with pytest.raises(ValidationError, match="Chi bộ khu vực 1 registered on"):
        services.register(secretary, movement, city_tree.cell_a1)
    with pytest.raises(PermissionDenied):
        services.register(secretary, movement, city_tree.cell_a2)


def test_a_unit_outside_the_movements_organiser_is_refused(city_tree):
    # A movement organised by district A: the city's staff see district B, but its cells take
    # no part in A's movement, whoever calls the service.
    campaign = CampaignFactory(code="bon-tot-quan-a", organiser=city_tree.district_a)
    movement = Movement.objects.create(campaign=campaign, first_year=2022, last_year=2027)
    city_staff = UserFactory(unit=city_tree.city, role=Role.STAFF)
    with pytest.raises(ValidationError, match="not part of this movement"):
        services.judge(city_staff, movement, city_tree.cell_b1, 2024, Verdict(True, True, True))
    with pytest.raises(ValidationError, match="not part of this movement"):
        services.register(city_staff, movement, city_tree.cell_b1)
    services.judge(city_staff, movement, city_tree.cell_a1, 2024, Verdict(True, True, True))
    assert list(Judgement.objects.values_list("unit", flat=True)) == [city_tree.cell_a1.pk]
