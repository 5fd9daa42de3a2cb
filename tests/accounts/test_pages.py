"""The account pages: outside the subtree 404, a wrong role 403, escalation and sibling
branches refused at their field, the sheet downloaded once made, the set-password link."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from committees.models import Role, User
from tests.committees.spreadsheets import upload
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def detail(account):
    return reverse("accounts:detail", kwargs={"pk": account.pk})


@pytest.fixture
def admin_client(client, admin_a):
    client.force_login(admin_a)
    return client


class TestWhoMayOpen:
    @pytest.mark.parametrize("role", [Role.CELL_SECRETARY, Role.STAFF, Role.STANDING_MEMBER])
    def test_other_roles_get_403(self, client, city_tree, role, secretary_a1):
        client.force_login(UserFactory(role=role, unit=city_tree.district_a))
        assert client.get(reverse("accounts:list")).status_code == 403
        assert client.get(detail(secretary_a1)).status_code == 403
        deactivate = reverse("accounts:deactivate", args=[secretary_a1.pk])
        assert client.post(deactivate).status_code == 403

    def test_an_account_outside_the_subtree_is_not_found(self, admin_client, secretary_b1):
        assert admin_client.get(detail(secretary_b1)).status_code == 404
        for name in ("deactivate", "reactivate", "reset-password"):
            response = admin_client.post(reverse(f"accounts:{name}", args=[secretary_b1.pk]))
            assert response.status_code == 404
        secretary_b1.refresh_from_db()
        assert secretary_b1.is_active

    def test_the_list_shows_only_the_subtree_with_last_login(
        self, admin_client, secretary_a1, secretary_b1
    ):
        body = admin_client.get(reverse("accounts:list")).content.decode()
        assert "bithu_a1" in body and "bithu_b1" not in body

    def test_entrusted_staff_manage_but_not_an_admin_account(
        self, client, city_tree, manager_staff_a, secretary_a1
    ):
        client.force_login(manager_staff_a)
        assert client.get(detail(secretary_a1)).status_code == 200
        admin_p1 = UserFactory(role=Role.ADMIN, unit=city_tree.grassroots_a)
        assert client.get(detail(admin_p1)).status_code == 403

    def test_the_menu_shows_accounts_to_managers_only(self, admin_client, city_tree):
        assert reverse("accounts:list") in admin_client.get("/").content.decode()
        client = Client()
        client.force_login(UserFactory(role=Role.STAFF, unit=city_tree.district_a))
        assert reverse("accounts:list") not in client.get("/").content.decode()


class TestForms:
    def form(self, unit, **extra):
        return {
            "username": "moi",
            "full_name": "Đỗ Thị Mới",
            "unit": unit.pk,
            "role": Role.CELL_SECRETARY,
            "email": "",
            "phone": "",
            "person_code": "",
            "issue": "password",
            **extra,
        }

    def test_creating_leads_to_the_sheet(self, admin_client, city_tree):
        response = admin_client.post(reverse("accounts:create"), self.form(city_tree.cell_a2))
        assert response.status_code == 302 and response["Location"] == reverse("accounts:sheet")
        assert User.objects.get(username="moi").unit == city_tree.cell_a2
        pdf = admin_client.get(reverse("accounts:sheet-download", args=["pdf"]))
        assert pdf["Content-Type"] == "application/pdf"
        assert "moi" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
        xlsx = admin_client.get(reverse("accounts:sheet-download", args=["xlsx"]))
        assert load_workbook(io.BytesIO(xlsx.content)).sheetnames == ["QA-P1-C2"]

    def test_the_sheet_is_gone_once_discarded(self, admin_client, city_tree):
        admin_client.post(reverse("accounts:create"), self.form(city_tree.cell_a2))
        admin_client.post(reverse("accounts:sheet"))
        assert admin_client.get(reverse("accounts:sheet-download", args=["pdf"])).status_code == 404

    def test_a_sibling_branch_unit_is_refused_at_the_field(self, admin_client, city_tree):
        response = admin_client.post(reverse("accounts:create"), self.form(city_tree.cell_b1))
        assert response.status_code == 200
        assert "unit" in response.context["form"].errors
        assert not User.objects.filter(username="moi").exists()

    def test_a_role_above_ones_own_is_refused_at_the_field(
        self, client, city_tree, manager_staff_a
    ):
        client.force_login(manager_staff_a)
        response = client.post(
            reverse("accounts:create"), self.form(city_tree.cell_a1, role=Role.ADMIN)
        )
        assert response.status_code == 200 and "role" in response.context["form"].errors
        assert not User.objects.filter(username="moi").exists()

    def test_editing_raises_nobody_above_the_editor(
        self, client, city_tree, manager_staff_a, secretary_a1
    ):
        client.force_login(manager_staff_a)
        data = self.form(city_tree.cell_a1, role=Role.STANDING_MEMBER)
        response = client.post(detail(secretary_a1), data)
        assert response.status_code == 200 and "role" in response.context["form"].errors
        secretary_a1.refresh_from_db()
        assert secretary_a1.role == Role.CELL_SECRETARY

    def test_deactivating_through_the_page_ends_the_sessions(self, admin_client, secretary_a1):
        client = Client()
        client.force_login(secretary_a1)
        admin_client.post(reverse("accounts:deactivate", args=[secretary_a1.pk]))
        assert client.get("/").status_code == 302
        log = admin_client.get(reverse("accounts:log")).content.decode()
        assert "bithu_a1" in log


class TestImportPage:
    def test_a_bad_file_lists_its_errors_and_writes_nothing(self, admin_client, city_tree):
        rows = [
            ["Tên đăng nhập", "Họ và tên", "Mã đơn vị", "Vai trò", "Email", "Số điện thoại"],
            ["a.b", "Ai Đó", "HB-X1-C1", "Bí thư chi bộ", "", ""],
        ]
        response = admin_client.post(
            reverse("accounts:import"), {"file": upload(rows), "issue": "link"}
        )
        assert response.status_code == 200
        assert [(e.row, e.column) for e in response.context["import_errors"]] == [(2, "Mã đơn vị")]
        assert not User.objects.filter(username="a.b").exists()

    def test_a_good_file_leads_to_the_sheet(self, admin_client, city_tree):
        rows = [
            ["Tên đăng nhập", "Họ và tên", "Mã đơn vị", "Vai trò", "Email", "Số điện thoại"],
            ["a.b", "Ai Đó", "QA-P1-C1", "Bí thư chi bộ", "", ""],
        ]
        response = admin_client.post(
            reverse("accounts:import"), {"file": upload(rows), "issue": "link"}
        )
        assert response["Location"] == reverse("accounts:sheet")
        assert "a.b" in admin_client.get(reverse("accounts:sheet")).content.decode()

    def test_the_template_downloads(self, admin_client):
        response = admin_client.get(reverse("accounts:import-template"))
        headers = [c.value for c in load_workbook(io.BytesIO(response.content)).active[1]]
        assert headers[:4] == ["Tên đăng nhập", "Họ và tên", "Mã đơn vị", "Vai trò"]


class TestSetPasswordLink:
    def test_the_link_sets_the_password_once_and_clears_the_flag(self, admin_client, city_tree):
        admin_client.post(
            reverse("accounts:create"),
            TestForms().form(city_tree.cell_a2, issue="link"),
        )
        link = admin_client.session["accounts_sheet"]["credentials"][0]["link_path"]
        client = Client()
        response = client.get(link, follow=True)
        assert response.status_code == 200 and response.context["validlink"]
        form_url = response.redirect_chain[-1][0]
        new = "Ca-dao-tuc-ngu-2025"
        response = client.post(form_url, {"new_password1": new, "new_password2": new})
        assert response.status_code == 302
        account = User.objects.get(username="moi")
        assert account.check_password(new) and not account.must_change_password
        again = client.get(link, follow=True)
        assert not again.context["validlink"]


def test_the_account_list_takes_the_same_queries_for_3_or_30_accounts(
    admin_client, city_tree, queries
):
    url = reverse("accounts:list")
    for n in range(3):
        UserFactory(role=Role.CELL_SECRETARY, unit=city_tree.cell_a1, username=f"few{n}")
    few = queries.of_page(admin_client, url)
    for n in range(27):
        UserFactory(role=Role.CELL_SECRETARY, unit=city_tree.cell_a2, username=f"many{n}")
    assert queries.of_page(admin_client, url) == few
