"""Pages as each role sees them, and query counts that do not grow with the rows."""

import pytest
from django.urls import reverse
from django.utils import timezone

from committees.models import Person, ReviewKind, ReviewRecord, Role, Unit, UnitKind
from committees.services import close_unit
from tests.factories import PersonFactory, PersonRatingFactory, UnitFactory, UserFactory


@pytest.mark.django_db
class TestDashboards:
    @pytest.mark.parametrize(
        ("role", "heading"),
        [
            (Role.CELL_SECRETARY, "Your party cell"),
            (Role.STAFF, "Appraisal desk"),
            (Role.STANDING_MEMBER, "Standing committee"),
            (Role.ADMIN, "Administration"),
        ],
    )
    def test_each_role_has_its_dashboard(self, client, city_tree, role, heading, settings):
        settings.LANGUAGE_CODE = "en"
        unit = city_tree.cell_a1 if role == Role.CELL_SECRETARY else city_tree.district_a
        client.force_login(UserFactory(unit=unit, role=role))
        response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        body = response.content.decode()
        assert heading in body
        assert unit.name in body
        assert 'data-testid="dashboard"' in body

    def test_dashboard_is_in_vietnamese_by_default(self, client, city_tree):
        client.force_login(UserFactory(unit=city_tree.cell_a1, role=Role.CELL_SECRETARY))
        body = client.get(reverse("dashboard")).content.decode()
        assert "Chi bộ của đồng chí" in body
        assert 'lang="vi"' in body

    def test_counts_on_the_dashboard_cover_the_subtree_only(self, client, city_tree):
        PersonFactory.create_batch(3, unit=city_tree.cell_a1)
        PersonFactory.create_batch(5, unit=city_tree.cell_b1)
        client.force_login(UserFactory(unit=city_tree.district_a, role=Role.STAFF))
        response = client.get(reverse("dashboard"))
        assert response.context["person_counts"]["members"] == 3

    def test_the_cached_counts_follow_every_change(self, client, city_tree):
        """The counts are cached per subtree (a city counts 250,000 people): a person added,
        a review record opened, a unit closed or people imported in bulk show at once."""
        PersonFactory.create_batch(3, unit=city_tree.cell_a1)
        empty = Unit.objects.add_child(
            city_tree.grassroots_a,
            instance=Unit(code="A-EMPTY", name="Chi bộ không còn đảng viên", kind=UnitKind.CHI_BO),
        )
        client.force_login(UserFactory(unit=city_tree.district_a, role=Role.STAFF))

        def counts():
            context = client.get(reverse("dashboard")).context
            return (
                context["person_counts"]["members"],
                context["under_review"],
                context["unit_counts"]["total"],
            )

        members, under_review, units = counts()
        assert counts() == (members, under_review, units)  # from the cache
        person = PersonFactory(unit=city_tree.cell_a2)
        assert counts() == (members + 1, under_review, units)
        ReviewRecord.objects.create(
            person=person, kind=ReviewKind.INSPECTION, started_on=timezone.localdate()
        )
        assert counts() == (members + 1, under_review + 1, units)
        close_unit(empty, effective_on=timezone.localdate())
        assert counts()[2] == units - 1
        Person.objects.bulk_create(
            [
                Person(
                    code="BULK-1",
                    full_name="Nguyễn Văn Khối",
                    unit=city_tree.cell_a1,
                    is_party_member=True,
                )
            ]
        )
        assert counts()[0] == members + 2  # a bulk insert sends no signal, but is seen
        Person.objects.filter(code="BULK-1").update(is_party_member=False)
        assert counts()[0] == members + 1  # and so is an update of many rows

    def test_an_unreachable_cache_neither_hides_the_counts_nor_blocks_a_change(
        self, client, city_tree, monkeypatch
    ):
        from django.core.cache import cache
        from redis.exceptions import ConnectionError as RedisConnectionError

        def down(*args, **kwargs):
            raise RedisConnectionError("Redis is down")

        for method in ("get", "get_or_set", "set", "incr"):
            monkeypatch.setattr(cache, method, down)
        PersonFactory.create_batch(2, unit=city_tree.cell_a1)  # the signal's bump fails quietly
        client.force_login(UserFactory(unit=city_tree.district_a, role=Role.STAFF))
        response = client.get(reverse("dashboard"))
        assert response.status_code == 200
        assert response.context["person_counts"]["members"] == 2

    def test_admin_menu_offers_the_import(self, client, city_tree):
        client.force_login(UserFactory(unit=city_tree.city, role=Role.ADMIN))
        assert reverse("committees:import") in client.get(reverse("dashboard")).content.decode()

    def test_cell_secretary_menu_has_no_import(self, client, city_tree):
        client.force_login(UserFactory(unit=city_tree.cell_a1, role=Role.CELL_SECRETARY))
        assert reverse("committees:import") not in client.get(reverse("dashboard")).content.decode()


@pytest.mark.django_db
class TestQueryCounts:
    def _people(self, unit, n):
        for _ in range(n):
            person = PersonFactory(unit=unit)
            PersonRatingFactory(person=person, year=2023)
            PersonRatingFactory(person=person, year=2024)

    def test_person_list_query_count_does_not_grow(self, client, city_tree, queries):
        client.force_login(UserFactory(unit=city_tree.city, role=Role.STAFF))
        url = reverse("committees:person-list")
        self._people(city_tree.cell_a1, 3)
        small = queries.of_page(client, url)
        self._people(city_tree.cell_b1, 30)
        assert queries.of_page(client, url) == small

    def test_unit_page_query_count_does_not_grow(self, client, city_tree, queries):
        client.force_login(UserFactory(unit=city_tree.city, role=Role.STAFF))
        url = reverse("committees:unit-detail", args=[city_tree.grassroots_a.code])
        self._people(city_tree.grassroots_a, 2)
        small = queries.of_page(client, url)
        for _ in range(10):
            UnitFactory(parent=city_tree.grassroots_a)
        self._people(city_tree.grassroots_a, 20)
        assert queries.of_page(client, url) == small

    def test_dashboard_query_count_does_not_grow(self, client, city_tree, queries):
        client.force_login(UserFactory(unit=city_tree.city, role=Role.ADMIN))
        url = reverse("dashboard")
        small = queries.of_page(client, url)
        self._people(city_tree.cell_b2, 25)
        assert queries.of_page(client, url) == small


@pytest.mark.django_db
class TestTreePage:
    def test_tree_opens_at_the_users_own_unit(self, client, city_tree):
        client.force_login(UserFactory(unit=city_tree.district_b, role=Role.STAFF))
        response = client.get(reverse("committees:unit-tree"))
        assert response.status_code == 302
        assert response.url == reverse("committees:unit-detail", args=[city_tree.district_b.code])

    def test_htmx_request_returns_only_the_children(self, client, city_tree):
        client.force_login(UserFactory(unit=city_tree.city, role=Role.STAFF))
        url = reverse("committees:unit-detail", args=[city_tree.grassroots_a.code])
        response = client.get(url, HTTP_HX_REQUEST="true")
        body = response.content.decode()
        assert "Chi bộ khu vực 1" in body and "Chi bộ khu vực 2" in body
        assert "<html" not in body

    def test_unit_page_shows_people_with_their_ratings(self, client, city_tree):
        person = PersonFactory(unit=city_tree.cell_a1, full_name="Lê Thị Hồng Gấm")
        PersonRatingFactory(person=person, year=2024, rating="HTXSNV")
        client.force_login(UserFactory(unit=city_tree.grassroots_a, role=Role.STAFF))
        body = client.get(reverse("committees:unit-detail", args=["QA-P1-C1"])).content.decode()
        assert "Lê Thị Hồng Gấm" in body
        assert "2024: HTXSNV" in body


@pytest.mark.django_db
class TestAccountPages:
    def test_login_page_is_in_vietnamese(self, client):
        body = client.get(reverse("login")).content.decode()
        assert "Đăng nhập" in body

    def test_logout_ends_the_session(self, client, city_tree):
        client.force_login(UserFactory(unit=city_tree.city, role=Role.STAFF))
        client.post(reverse("logout"))
        assert client.get(reverse("dashboard")).status_code == 302

    def test_password_change(self, client, city_tree):
        from tests.factories import DEFAULT_PASSWORD

        user = UserFactory(unit=city_tree.city, role=Role.STAFF)
        client.force_login(user)
        response = client.post(
            reverse("password_change"),
            {
                "old_password": DEFAULT_PASSWORD,
                "new_password1": "mot-mat-khau-moi-2026",
                "new_password2": "mot-mat-khau-moi-2026",
            },
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password("mot-mat-khau-moi-2026")

    def test_password_change_error_is_in_vietnamese(self, client, city_tree):
        client.force_login(UserFactory(unit=city_tree.city, role=Role.STAFF))
        response = client.post(
            reverse("password_change"),
            {
                "old_password": "sai",
                "new_password1": "x",
                "new_password2": "x",
            },
        )
        assert response.status_code == 200
        assert "Mật khẩu cũ" in response.content.decode()
