"""Issue 14, part 2: accounts from a spreadsheet, all or nothing, every error at its row and
column in Vietnamese; importing again changes nothing; the sheet of credentials."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts import services
from accounts.imports import import_accounts
from accounts.models import AccountChange
from accounts.sheets import sheet_pdf, sheet_xlsx
from committees.imports import ImportRefused
from committees.models import Role, User
from tests.committees.spreadsheets import spreadsheet
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

HEADERS = ["Tên đăng nhập", "Họ và tên", "Mã đơn vị", "Vai trò", "Email", "Số điện thoại"]


def rows(*data):
    return [HEADERS, *data]


GOOD = (
    ["bithu.c1", "Nguyễn Văn An", "QA-P1-C1", "Bí thư chi bộ", "an@example.vn", "0912345678"],
    ["bithu.c2", "Trần Thị Bình", "QA-P1-C2", "Bí thư chi bộ", "", ""],
    ["tochuc.p1", "Lê Văn Cường", "QA-P1", "Cán bộ Ban Tổ chức", "cuong@example.vn", ""],
)


def run(data, *, user=None, fmt="xlsx", **options):
    content, name = spreadsheet(data, fmt)
    return import_accounts(io.BytesIO(content), name, user=user, **options)


def refusal(data, **options):
    with translation.override("vi"), pytest.raises(ImportRefused) as refused:
        run(data, **options)
    return [(e.row, e.column, e.message) for e in refused.value.errors]


class TestImport:
    def test_a_good_file_creates_the_accounts_with_their_log_and_credentials(
        self, city_tree, admin_a
    ):
        result, credentials = run(rows(*GOOD), user=admin_a)
        assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
        assert {c.username for c in credentials} == {"bithu.c1", "bithu.c2", "tochuc.p1"}
        account = User.objects.get(username="tochuc.p1")
        assert (account.role, account.unit, account.must_change_password) == (
            Role.STAFF,
            city_tree.grassroots_a,
            True,
        )
        assert AccountChange.objects.filter(recorded_by=admin_a).count() == 3

    def test_importing_again_changes_nothing(self, city_tree, admin_a):
        run(rows(*GOOD), user=admin_a)
        before = list(User.objects.order_by("pk").values())
        log = AccountChange.objects.count()
        result, credentials = run(rows(*GOOD), user=admin_a, fmt="csv")
        assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
        assert credentials == []
        assert list(User.objects.order_by("pk").values()) == before
        assert AccountChange.objects.count() == log

    def test_a_changed_row_updates_its_account_and_logs_it(self, city_tree, admin_a):
        run(rows(*GOOD), user=admin_a)
        changed = [*GOOD[0][:3], "Cán bộ", *GOOD[0][4:]]
        result, _credentials = run(rows(changed, *GOOD[1:]), user=admin_a)
        assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
        assert User.objects.get(username="bithu.c1").role == Role.STAFF

    def test_the_person_code_links_the_member_record(self, city_tree, admin_a):
        person = PersonFactory(code="DV-001", unit=city_tree.cell_a1)
        run([[*HEADERS, "Mã cá nhân"], [*GOOD[0], "DV-001"]], user=admin_a)
        assert User.objects.get(username="bithu.c1").person == person

    def test_invitations_go_to_the_accounts_with_an_e_mail(
        self, city_tree, admin_a, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            run(rows(*GOOD), user=admin_a, base_url="https://kt.vn")
        assert sorted(m.to[0] for m in mail.outbox) == ["an@example.vn", "cuong@example.vn"]


class TestAllOrNothing:
    def test_one_bad_row_writes_nothing_and_names_its_row(self, city_tree, admin_a):
        bad = ["bithu.c9", "Phạm Văn Dũng", "KHONG-CO", "Bí thư chi bộ", "", ""]
        errors = refusal(rows(*GOOD, bad), user=admin_a)
        assert errors == [(5, "Mã đơn vị", "Mã đơn vị KHONG-CO không tồn tại.")]
        assert not User.objects.filter(username__startswith="bithu.c").exists()
        assert AccountChange.objects.count() == 0

    def test_a_duplicate_user_name_is_refused_at_its_cell(self, city_tree, admin_a):
        errors = refusal(rows(GOOD[0], [*GOOD[1][:0], "BITHU.C1", *GOOD[1][1:]]), user=admin_a)
        assert [(row, column) for row, column, _m in errors] == [(3, "Tên đăng nhập")]
        assert "dòng 2" in errors[0][2]

    def test_a_user_name_taken_outside_the_subtree_is_refused(
        self, city_tree, admin_a, secretary_b1
    ):
        taken = ["bithu_b1", "Ai Đó", "QA-P1-C1", "Bí thư chi bộ", "", ""]
        errors = refusal(rows(taken), user=admin_a)
        assert [(row, column) for row, column, _m in errors] == [(2, "Tên đăng nhập")]
        assert User.objects.get(username="bithu_b1").unit == city_tree.cell_b1

    def test_a_unit_of_a_sibling_branch_is_refused(self, city_tree, admin_a):
        errors = refusal(rows(["x.y", "Ai Đó", "HB-X1-C1", "Bí thư chi bộ", "", ""]), user=admin_a)
        assert [(row, column) for row, column, _m in errors] == [(2, "Mã đơn vị")]

    def test_a_role_the_importer_may_not_grant_is_refused_at_its_cell(
        self, city_tree, manager_staff_a
    ):
        high = ["pho.bt", "Võ Văn Em", "QA-P1", "Quản trị viên", "", ""]
        errors = refusal(rows(GOOD[1], high), user=manager_staff_a)
        assert [(row, column) for row, column, _m in errors] == [(3, "Vai trò")]
        assert "Quản trị viên" in errors[0][2]

    def test_an_e_mail_used_twice_is_refused_at_its_cell(self, city_tree, admin_a, secretary_a1):
        twice = [*GOOD[1][:4], "AN@example.vn", ""]
        taken = ["moi.nguoi", "Ai Đó", "QA-P1-C1", "Bí thư chi bộ", "bithu.a1@example.vn", ""]
        errors = refusal(rows(GOOD[0], twice, taken), user=admin_a)
        assert [(row, column) for row, column, _m in errors] == [(3, "Email"), (4, "Email")]

    def test_every_error_is_listed_in_vietnamese_with_its_row_and_column(self, city_tree, admin_a):
        errors = refusal(
            rows(
                ["có dấu cách", "", "QA-P1-C1", "Chủ tịch", "không-phải-email", ""],
            ),
            user=admin_a,
        )
        assert [column for _row, column, _m in errors] == [
            "Tên đăng nhập",
            "Họ và tên",
            "Vai trò",
            "Email",
        ]
        assert all(row == 2 for row, _c, _m in errors)

    def test_a_missing_column_is_named(self, city_tree, admin_a):
        errors = refusal([HEADERS[:-2], GOOD[0][:-2]], user=admin_a)
        assert (1, "Email", "Thiếu cột này.") in errors


class TestCommand:
    def test_the_command_imports_and_writes_the_sheet(self, city_tree, tmp_path):
        content, _name = spreadsheet(rows(*GOOD))
        source = tmp_path / "tai-khoan.xlsx"
        source.write_bytes(content)
        sheet = tmp_path / "phieu.pdf"
        call_command("import_accounts", str(source), "--passwords", f"--sheet={sheet}")
        assert User.objects.filter(username__in=[r[0] for r in GOOD]).count() == 3
        assert "bithu.c1" in "".join(page.extract_text() for page in PdfReader(sheet).pages)

    def test_a_refused_file_exits_with_its_errors(self, city_tree, tmp_path):
        content, _name = spreadsheet(rows(["a", "B", "KHONG-CO", "Cán bộ", "", ""]))
        source = tmp_path / "tai-khoan.xlsx"
        source.write_bytes(content)
        with translation.override("vi"), pytest.raises(CommandError, match="KHONG-CO"):
            call_command("import_accounts", str(source))


class TestSheet:
    def credentials(self, city_tree, admin_a):
        _result, credentials = run(rows(*GOOD), user=admin_a, issue=services.Issue.PASSWORD)
        credentials.append(
            services.Credential(
                "cong.thuc",
                '=HYPERLINK("http://x")',
                "QA-P1-C1",
                "Chi bộ khu vực 1",
                "Bí thư chi bộ",
                "",
                link_path="/tai-khoan/dat-mat-khau/MQ/abc-123/",
            )
        )
        return credentials

    def test_the_pdf_has_one_part_per_unit_with_each_password_or_link(self, city_tree, admin_a):
        credentials = self.credentials(city_tree, admin_a)
        with translation.override("vi"):
            reader = PdfReader(io.BytesIO(sheet_pdf(credentials, "https://kt.vn")))
        pages = [page.extract_text() for page in reader.pages]
        assert len(pages) == 3  # QA-P1, QA-P1-C1, QA-P1-C2
        text = "\n".join(pages)
        for credential in credentials[:3]:
            assert credential.username in text and credential.password in text
        assert "Nguyễn Văn An" in text
        assert "https://kt.vn/tai-khoan/dat-mat-khau/MQ/abc-123/" in text.replace("\n", "")

    def test_the_workbook_keeps_text_as_text(self, city_tree, admin_a):
        credentials = self.credentials(city_tree, admin_a)
        workbook = load_workbook(io.BytesIO(sheet_xlsx(credentials, "https://kt.vn")))
        assert workbook.sheetnames == ["QA-P1", "QA-P1-C1", "QA-P1-C2"]
        values = [c.value for row in workbook["QA-P1-C1"].iter_rows() for c in row]
        assert '=HYPERLINK("http://x")' in values
        cell = next(
            c for row in workbook["QA-P1-C1"].iter_rows() for c in row if c.value == values[-1]
        )
        assert cell.data_type == "s"
        assert credentials[0].password in values or credentials[1].password in values
