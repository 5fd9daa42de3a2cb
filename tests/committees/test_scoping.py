"""A user sees and acts only inside the subtree of their unit; outside it, nothing exists."""

import pytest
from django.urls import reverse

from committees.models import Person, PersonRating, ReviewRecord, Role, Unit
from committees.scoping import scope_prefix, unit_in_scope
from tests.factories import (
    PersonFactory,
    PersonRatingFactory,
    ReviewRecordFactory,
    UserFactory,
)


@pytest.fixture
def populated(city_tree):
    for unit in (
        city_tree.cell_a1,
        city_tree.cell_a2,
        city_tree.grassroots_cell_a,
        city_tree.cell_b1,
        city_tree.cell_b2,
    ):
        for _ in range(2):
            person = PersonFactory(unit=unit)
            PersonRatingFactory(person=person, year=2024)
            ReviewRecordFactory(person=person)
    return city_tree


def object_urls(units, people):
    return [reverse("committees:unit-detail", args=[u.code]) for u in units] + [
        reverse("committees:person-detail", args=[p.code]) for p in people
    ]


@pytest.mark.django_db
class TestSubtreeScoping:
    def test_district_a_staff_gets_404_for_every_object_of_district_b(self, client, populated):
        client.force_login(UserFactory(unit=populated.district_a, role=Role.STAFF))
        district_b = populated.district_b
        urls = object_urls(Unit.objects.within(district_b), Person.objects.within(district_b))
        assert len(urls) == 8  # 4 units and 4 people: the test must not pass on an empty set
        for url in urls:
            assert client.get(url).status_code == 404, url

    def test_district_a_staff_sees_every_object_of_district_a(self, client, populated):
        client.force_login(UserFactory(unit=populated.district_a, role=Role.STAFF))
        district_a = populated.district_a
        for url in object_urls(Unit.objects.within(district_a), Person.objects.within(district_a)):
            assert client.get(url).status_code == 200, url

    def test_cell_secretary_cannot_see_a_sibling_cell_or_the_level_above(self, client, populated):
        client.force_login(UserFactory(unit=populated.cell_a1, role=Role.CELL_SECRETARY))
        for unit in (populated.cell_a2, populated.grassroots_a, populated.city):
            url = reverse("committees:unit-detail", args=[unit.code])
            assert client.get(url).status_code == 404, unit.code
        sibling_person = Person.objects.filter(unit=populated.cell_a2).first()
        url = reverse("committees:person-detail", args=[sibling_person.code])
        assert client.get(url).status_code == 404

    def test_lists_show_only_the_subtree(self, client, populated):
        client.force_login(UserFactory(unit=populated.district_b, role=Role.STAFF))
        response = client.get(reverse("committees:person-list"))
        shown = {p.pk for p in response.context["object_list"]}
        expected = Person.objects.within(populated.district_b).values_list("pk", flat=True)
        assert shown == set(expected)
        assert len(shown) == 4

    def test_every_scoped_queryset_filters_by_the_same_subtree(self, populated):
        user = UserFactory(unit=populated.grassroots_a, role=Role.STAFF)
        assert {u.code for u in Unit.objects.visible_to(user)} == {"QA-P1", "QA-P1-C1", "QA-P1-C2"}
        assert Person.objects.visible_to(user).count() == 4
        assert PersonRating.objects.visible_to(user).count() == 4
        assert ReviewRecord.objects.visible_to(user).count() == 4

    def test_anonymous_users_are_sent_to_log_in(self, client, populated):
        url = reverse("committees:unit-detail", args=[populated.city.code])
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
class TestScopePrimitives:
    def test_no_unit_and_no_superuser_means_nothing(self, city_tree):
        user = UserFactory(unit=None, role="")
        assert scope_prefix(user) is None
        assert not Unit.objects.visible_to(user).exists()
        assert not unit_in_scope(user, city_tree.city)

    def test_superuser_sees_everything(self, city_tree):
        user = UserFactory(unit=None, role="", is_superuser=True)
        assert Unit.objects.visible_to(user).count() == Unit.objects.count()

    def test_inactive_accounts_see_nothing(self, city_tree):
        user = UserFactory(unit=city_tree.city, role=Role.ADMIN, is_active=False)
        assert not Unit.objects.visible_to(user).exists()

    def test_sibling_codes_with_a_common_prefix_do_not_leak(self, city_tree):
        # Paths are fixed-width steps, so "0001" never matches "00010..." of a sibling subtree.
        user = UserFactory(unit=city_tree.cell_a1, role=Role.CELL_SECRETARY)
        assert not unit_in_scope(user, city_tree.cell_a2)
        assert unit_in_scope(user, city_tree.cell_a1)

    def test_object_checks_agree_with_querysets(self, populated):
        user = UserFactory(unit=populated.district_a, role=Role.STAFF)
        visible = set(Unit.objects.visible_to(user).values_list("pk", flat=True))
        for unit in Unit.objects.all():
            assert unit_in_scope(user, unit) == (unit.pk in visible), unit.code

    def test_rules_permissions_use_the_same_scope(self, populated):
        user = UserFactory(unit=populated.district_a, role=Role.STAFF)
        person_b = Person.objects.within(populated.district_b).first()
        person_a = Person.objects.within(populated.district_a).first()
        assert user.has_perm("committees.view_person", person_a)
        assert not user.has_perm("committees.view_person", person_b)
        assert user.has_perm("committees.view_unit", populated.grassroots_a)
        assert not user.has_perm("committees.view_unit", populated.district_b)
