"""The demo data: both tree shapes, enough people with ratings and records, a login per role."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from committees.models import (
    Body,
    BodyKind,
    Person,
    PersonRating,
    Rating,
    ReviewRecord,
    Role,
    Unit,
    UnitChange,
    UnitKind,
    UnitRating,
    User,
)
from demo.management.commands.seed_demo import DEMO_PASSWORD
from tests.history import wipe_history
from tests.shared_data import built_once, shared_data

DISTRICT_KINDS = {
    UnitKind.QUAN_UY,
    UnitKind.HUYEN_UY,
    UnitKind.DANG_UY_KHOI,
    UnitKind.DANG_UY_TRUC_THUOC,
}
MODELS = (Unit, UnitChange, Body, Person, PersonRating, UnitRating, ReviewRecord, User)


# Seeded once for the module (tests/shared_data.py); each test's changes are undone after it.
pytestmark = pytest.mark.xdist_group("seed-demo")


@shared_data
def seeded_once(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker):
        call_command("seed_demo", verbosity=0)
        yield


@pytest.fixture
def seeded(seeded_once, db):
    pass


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_city_has_district_level_units_of_three_kinds(seeded):
    city = Unit.objects.get(code="TU", kind=UnitKind.THANH_UY)
    districts = Unit.objects.get_children(city).filter(kind__in=DISTRICT_KINDS)
    assert districts.count() >= 3
    assert len(set(districts.values_list("kind", flat=True))) >= 3


def test_grassroots_cell_and_mass_organisations_hang_directly_under_a_district(seeded):
    grassroots_cell = Unit.objects.get(code="NK-THPT")
    assert grassroots_cell.kind == UnitKind.CHI_BO_CO_SO
    assert Unit.objects.get_parent(grassroots_cell).kind in DISTRICT_KINDS
    mass = Unit.objects.filter(kind=UnitKind.DOAN_THE)
    assert mass.count() >= 3
    assert all(Unit.objects.get_parent(unit).kind in DISTRICT_KINDS for unit in mass)


def test_post_2025_province_has_ward_committees_directly_under_it(seeded):
    province = Unit.objects.get(code="HG", kind=UnitKind.TINH_UY)
    wards = Unit.objects.get_children(province)
    assert wards.count() == 2
    assert set(wards.values_list("kind", flat=True)) == {UnitKind.DANG_UY_XA}
    for ward in wards:
        assert 2 <= Unit.objects.get_children(ward).filter(kind=UnitKind.CHI_BO).count() <= 3


def test_grassroots_committees_have_three_to_five_cells(seeded):
    for committee in Unit.objects.filter(kind=UnitKind.DANG_UY_CO_SO):
        assert 3 <= Unit.objects.get_children(committee).filter(kind=UnitKind.CHI_BO).count() <= 5


def test_bodies(seeded):
    city = Unit.objects.get(code="TU")
    assert city.bodies.get(kind=BodyKind.STANDING_COMMITTEE).member_count == 15
    assert city.bodies.filter(kind=BodyKind.ORGANISATION_COMMITTEE).exists()
    for district in Unit.objects.get_children(city).filter(kind__in=DISTRICT_KINDS):
        assert 9 <= district.bodies.get(kind=BodyKind.STANDING_COMMITTEE).member_count <= 13
        assert district.bodies.filter(kind=BodyKind.ORGANISATION_COMMITTEE).exists()
    for committee in Unit.objects.filter(kind__in=[UnitKind.DANG_UY_CO_SO, UnitKind.DANG_UY_XA]):
        voting = committee.bodies.get(
            kind__in=[BodyKind.STANDING_COMMITTEE, BodyKind.EXECUTIVE_COMMITTEE]
        )
        assert 5 <= voting.member_count <= 9


def test_people_and_their_ratings(seeded):
    assert Person.objects.count() >= 400
    assert not Person.objects.exclude(unit__kind__in=UnitKind.cell_kinds()).exists()
    non_members = Person.objects.filter(is_party_member=False).count()
    assert 0.05 <= non_members / Person.objects.count() <= 0.2
    for cell in Unit.objects.filter(kind__in=UnitKind.cell_kinds()):
        assert cell.people.filter(position="Bí thư chi bộ", is_party_member=True).count() == 1
    members = Person.objects.party_members()
    for person in members.prefetch_related("ratings"):
        assert len({r.year for r in person.ratings.all()}) >= 2, person
    assert not PersonRating.objects.filter(person__is_party_member=False).exists()
    assert set(PersonRating.objects.values_list("rating", flat=True)) == set(Rating.values)


def test_every_party_unit_is_rated_and_2025_scores_match_the_level(seeded):
    party_units = Unit.objects.filter(kind__in=UnitKind.party_kinds())
    assert UnitRating.objects.filter(year=2024).count() == party_units.count()
    bands = {
        Rating.HTXSNV: (90, 100),
        Rating.HTTNV: (70, 89),
        Rating.HTNV: (50, 69),
        Rating.KHTNV: (0, 49),
    }
    for model in (PersonRating, UnitRating):
        assert not model.objects.filter(year=2025, score__isnull=True).exists()
        for rating, score in model.objects.filter(year=2025).values_list("rating", "score"):
            low, high = bands[rating]
            assert low <= score <= high


def test_some_people_are_under_review_today_and_some_were_in_the_past(seeded):
    today = timezone.localdate()
    assert Person.objects.under_review_on(today).count() >= 3
    closed = ReviewRecord.objects.filter(ended_on__lt=today)
    assert closed.count() >= 2
    assert ReviewRecord.objects.values("person").distinct().count() >= 5
    assert set(ReviewRecord.objects.values_list("kind", flat=True)) == {
        "inspection",
        "discipline_review",
        "discipline",
    }
    assert Person.objects.under_review_on(datetime.date(2022, 1, 1)).count() == 0


def test_a_login_for_each_role_at_several_levels(seeded):
    for role in Role.values:
        assert User.objects.filter(role=role).exists(), role
    assert User.objects.filter(role=Role.STAFF).values("unit").distinct().count() >= 4
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD), user.username
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="hg_tochuc").unit.code == "HG"
    for username in ("bithu_kv1", "bithu_thpt", "bithu_nhonloc"):
        user = User.objects.get(username=username)
        assert user.role == Role.CELL_SECRETARY
        assert user.person.unit == user.unit
        assert user.person.position == "Bí thư chi bộ"
        assert user.full_name == user.person.full_name
    assert User.objects.get(username="bithu_thpt").unit.kind == UnitKind.CHI_BO_CO_SO


def test_every_demo_login_has_an_address_for_its_notices(seeded):
    """The demo's e-mails are written to var/mail/ (the file backend), one per notice."""
    for user in User.objects.all():
        assert user.email == f"{user.username}@example.org", user.username


def test_running_it_twice_changes_nothing(seeded):
    before = _counts()
    names = list(Person.objects.order_by("code").values_list("code", "full_name", "unit__code"))
    call_command("seed_demo", verbosity=0)
    assert _counts() == before
    assert (
        list(Person.objects.order_by("code").values_list("code", "full_name", "unit__code"))
        == names
    )


def test_it_is_deterministic(db):
    call_command("seed_demo", verbosity=0)
    first = list(
        Person.objects.order_by("code").values_list(
            "code", "full_name", "date_of_birth", "phone", "position", "unit__code"
        )
    )
    ratings = list(
        PersonRating.objects.order_by("person__code", "year").values_list(
            "person__code", "year", "rating", "score"
        )
    )
    User.objects.all().delete()
    ReviewRecord.objects.all().delete()
    PersonRating.objects.all().delete()
    UnitRating.objects.all().delete()
    Person.objects.all().delete()
    Body.objects.all().delete()
    wipe_history(UnitChange)
    Unit.objects.all().delete()
    call_command("seed_demo", verbosity=0)
    assert (
        list(
            Person.objects.order_by("code").values_list(
                "code", "full_name", "date_of_birth", "phone", "position", "unit__code"
            )
        )
        == first
    )
    assert (
        list(
            PersonRating.objects.order_by("person__code", "year").values_list(
                "person__code", "year", "rating", "score"
            )
        )
        == ratings
    )


def test_the_logins_table_is_printed(db, capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "username" in out and "password" in out
    assert "bithu_kv1" in out and DEMO_PASSWORD in out
