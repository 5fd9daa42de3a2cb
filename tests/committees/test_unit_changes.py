"""Admins rename, merge and close units from the app; every change lands in the history."""

import pytest
from django.urls import reverse

from committees.models import Role, Unit, UnitChange, UnitChangeKind, UnitStatus
from tests.factories import UserFactory


@pytest.fixture
def city_admin(city_tree):
    return UserFactory(unit=city_tree.city, role=Role.ADMIN)


@pytest.mark.django_db
class TestUnitChangePages:
    def test_rename_through_the_page_records_history(self, client, city_tree, city_admin):
        client.force_login(city_admin)
        url = reverse("committees:unit-rename", args=[city_tree.cell_a1.code])
        response = client.post(url, {"name": "Chi bộ khu phố 1", "effective_on": "2025-07-01"})
        assert response.status_code == 302
        assert Unit.objects.get(pk=city_tree.cell_a1.pk).name == "Chi bộ khu phố 1"
        change = UnitChange.objects.get(unit=city_tree.cell_a1, kind=UnitChangeKind.RENAMED)
        assert change.recorded_by == city_admin

    def test_merge_into_an_unknown_code_is_refused_at_the_field(
        self, client, city_tree, city_admin
    ):
        client.force_login(city_admin)
        url = reverse("committees:unit-merge", args=[city_tree.cell_a2.code])
        response = client.post(url, {"target": "KHONG-CO", "effective_on": "2025-07-01"})
        assert response.status_code == 200
        assert "KHONG-CO" in str(response.context["form"].errors["target"])
        assert Unit.objects.get(pk=city_tree.cell_a2.pk).status == UnitStatus.ACTIVE

    def test_merge_moves_into_the_target(self, client, city_tree, city_admin):
        client.force_login(city_admin)
        url = reverse("committees:unit-merge", args=[city_tree.cell_a2.code])
        client.post(url, {"target": city_tree.cell_a1.code, "effective_on": "2025-07-01"})
        assert Unit.objects.get(pk=city_tree.cell_a2.pk).merged_into_id == city_tree.cell_a1.pk

    def test_a_refused_close_shows_the_reason_and_changes_nothing(
        self, client, city_tree, city_admin
    ):
        client.force_login(city_admin)
        url = reverse("committees:unit-close", args=[city_tree.grassroots_a.code])
        response = client.post(url, {"effective_on": "2025-07-01"})
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
        assert Unit.objects.get(pk=city_tree.grassroots_a.pk).is_active

    def test_admin_of_district_a_cannot_touch_district_b(self, client, city_tree):
        client.force_login(UserFactory(unit=city_tree.district_a, role=Role.ADMIN))
        url = reverse("committees:unit-rename", args=[city_tree.cell_b1.code])
        assert client.post(url, {"name": "X", "effective_on": "2025-07-01"}).status_code == 404
        assert Unit.objects.get(pk=city_tree.cell_b1.pk).name == "Chi bộ ấp Nhơn Lộc"

    def test_merge_target_outside_the_subtree_is_not_found(self, client, city_tree):
        client.force_login(UserFactory(unit=city_tree.district_a, role=Role.ADMIN))
        url = reverse("committees:unit-merge", args=[city_tree.cell_a2.code])
        response = client.post(
            url, {"target": city_tree.cell_b1.code, "effective_on": "2025-07-01"}
        )
        assert response.status_code == 200
        assert "target" in response.context["form"].errors

    @pytest.mark.parametrize("role", [Role.STAFF, Role.CELL_SECRETARY, Role.STANDING_MEMBER])
    def test_other_roles_get_403(self, client, city_tree, role):
        client.force_login(UserFactory(unit=city_tree.city, role=role))
        url = reverse("committees:unit-close", args=[city_tree.cell_b2.code])
        assert client.post(url, {"effective_on": "2025-07-01"}).status_code == 403
        assert Unit.objects.get(pk=city_tree.cell_b2.pk).is_active
