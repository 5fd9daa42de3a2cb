"""Issue 14 through a real browser, from an empty database with only the superuser: the tree,
people, ratings and accounts are imported from files; a district admin, invited by e-mail,
creates an account for a cell; the cell secretary chooses a password from the e-mailed link,
files a nomination, and when the ward returns it sees the notice in the inbox and on the
dashboard, and gets the e-mail."""

import email
import io
import re
from email import policy
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from committees.models import Person, Unit, User
from nominations.models import Nomination, NominationState
from nominations.samples import sample_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mat-khau-rieng-2026"
CAMPAIGN = "fixtures/campaigns/000-bieu-duong-bi-thu-dang-vien-2025.json"

UNITS = """Mã đơn vị,Tên đơn vị,Loại đơn vị,Mã đơn vị cấp trên
TU,Thành ủy Cần Thơ,thanh_uy,
NK,Quận ủy Ninh Kiều,quan_uy,TU
NK-AH,Đảng ủy phường An Hòa,dang_uy_co_so,NK
NK-AH-KV1,Chi bộ khu vực 1,chi_bo,NK-AH
NK-AH-KV2,Chi bộ khu vực 2,chi_bo,NK-AH
"""
PEOPLE = """Mã cá nhân,Họ và tên,Ngày sinh,Giới tính,Mã đơn vị,Đảng viên,Chức vụ,Số điện thoại
CN001,Nguyễn Thị Lan,12/03/1975,Nữ,NK-AH-KV1,Có,Bí thư chi bộ khu vực 1,0901234567
CN002,Trần Văn Bình,05/08/1982,Nam,NK-AH-KV1,Có,Đảng viên,0912345678
"""
RATINGS = """Mã cá nhân,Năm,Xếp loại,Điểm
CN001,2024,HTXSNV,
CN002,2024,HTXSNV,
"""
UNIT_RATINGS = """Mã đơn vị,Năm,Xếp loại,Điểm
NK-AH-KV1,2024,HTXSNV,
NK-AH-KV2,2024,HTTNV,
"""
ACCOUNTS = """Tên đăng nhập,Họ và tên,Mã đơn vị,Vai trò,Email,Số điện thoại,Mã cá nhân
nk_quantri,Phạm Minh Đức,NK,Quản trị viên,nk_quantri@example.org,0903000002,
ah_tochuc,Võ Thị Hoa,NK-AH,Cán bộ Ban Tổ chức,ah_tochuc@example.org,0903000003,
"""


def new_page(browser, live_server):
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def log_in(page, username, password):
    page.goto("/tai-khoan/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_selector('[data-testid="dashboard"]')


def upload(page, url, name, content, **choices):
    page.goto(url)
    for field, value in choices.items():
        page.check(f"input[name={field}][value={value}]")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": name, "mimeType": "text/csv", "buffer": content.encode("utf-8")}],
    )
    page.locator("main form[method=post] [type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".alert-danger")).to_have_count(0)


def mails_to(folder: Path, address: str) -> list[str]:
    """The plain-text bodies of the e-mails the file backend wrote for ``address``."""
    bodies = []
    for path in sorted(folder.glob("*")):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if not raw.strip():
                continue
            message = email.message_from_bytes(raw.strip(), policy=policy.default)
            if address in str(message["To"]):
                bodies.append(message.get_body(preferencelist=("plain",)).get_content())
    return bodies


def set_password_from_mail(page, folder, address):
    [body] = [b for b in mails_to(folder, address) if "/tai-khoan/dat-mat-khau/" in b]
    path = re.search(r"https?://[^/\s]+(/tai-khoan/dat-mat-khau/\S+/)", body)[1]
    page.goto(path)
    page.fill("input[name=new_password1]", PASSWORD)
    page.fill("input[name=new_password2]", PASSWORD)
    page.locator("main form[method=post] [type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_from_an_empty_database_to_the_returned_notice(
    browser, live_server, settings, tmp_path, artifacts_dir
):
    mail = tmp_path / "mail"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(mail)
    User.objects.create_superuser("admin", "admin@example.org", PASSWORD)

    # 1. The superuser imports the tree, the people, their ratings and the first accounts.
    page = new_page(browser, live_server)
    log_in(page, "admin", PASSWORD)
    upload(page, "/to-chuc/nhap-du-lieu/", "don-vi.csv", UNITS, kind="units")
    upload(page, "/to-chuc/nhap-du-lieu/", "nhan-su.csv", PEOPLE, kind="people")
    upload(page, "/to-chuc/nhap-du-lieu/", "xep-loai.csv", RATINGS, kind="ratings")
    upload(page, "/to-chuc/nhap-du-lieu/", "xep-loai-chi-bo.csv", UNIT_RATINGS, kind="ratings")
    upload(page, "/tai-khoan/quan-ly/nhap-tu-tep/", "tai-khoan.csv", ACCOUNTS, issue="link")
    assert Unit.objects.unscoped("the test counts the tree").count() == 5
    assert User.objects.get(username="nk_quantri").must_change_password
    page.context.close()
    call_command("load_campaign", CAMPAIGN, "--shift-to-today", stdout=io.StringIO())

    # 2. The district admin, invited by e-mail, chooses a password and makes a cell's account.
    page = new_page(browser, live_server)
    set_password_from_mail(page, mail, "nk_quantri@example.org")
    log_in(page, "nk_quantri", PASSWORD)
    page.goto("/tai-khoan/quan-ly/tao-moi/")
    page.fill("input[name=username]", "bithu_kv1")
    page.fill("input[name=full_name]", "Nguyễn Thị Lan")
    cell = Unit.objects.unscoped("the test looks the cell up").get(code="NK-AH-KV1")
    page.select_option("select[name=unit]", str(cell.pk))
    page.select_option("select[name=role]", "cell_secretary")
    page.fill("input[name=email]", "bithu_kv1@example.org")
    page.fill("input[name=phone]", "0901234567")
    page.check("input[name=issue][value=link]")
    page.locator("main form[method=post] [type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert User.objects.get(username="bithu_kv1").unit == cell
    page.context.close()

    # 3. The cell secretary chooses a password from the link and files a nomination.
    page = new_page(browser, live_server)
    set_password_from_mail(page, mail, "bithu_kv1@example.org")
    log_in(page, "bithu_kv1", PASSWORD)
    nomination_url = file_a_nomination(page)
    page.context.close()

    # 4. The ward's staff, invited too, returns it with a reason.
    page = new_page(browser, live_server)
    set_password_from_mail(page, mail, "ah_tochuc@example.org")
    log_in(page, "ah_tochuc", PASSWORD)
    page.goto(nomination_url)
    page.locator("details", has=page.locator('form[action$="/tra-lai/"]')).locator(
        "summary"
    ).click()
    form = page.locator('form[action$="/tra-lai/"]')
    form.locator("textarea[name=reason]").fill("Bổ sung số liệu về mô hình dân vận khéo.")
    form.locator("[type=submit]").click()
    page.wait_for_load_state("networkidle")
    nomination = Nomination.objects.unscoped("the test reads it").get()
    assert nomination.state == NominationState.RETURNED
    page.context.close()

    # 5. The cell secretary sees it: the bell, the inbox, the dashboard, and the e-mail.
    page = new_page(browser, live_server)
    log_in(page, "bithu_kv1", PASSWORD)
    expect(page.locator('[data-testid="returned-nominations"]')).to_contain_text("Trần Văn Bình")
    expect(page.locator('[data-testid="returned-nominations"]')).to_contain_text("dân vận khéo")
    expect(page.locator('[data-testid="unread-count"]')).to_have_text("1")
    page.screenshot(path=artifacts_dir / "issue14-dashboard.png", full_page=True)
    page.goto("/thong-bao/")
    expect(page.locator("main")).to_contain_text("dân vận khéo")
    page.screenshot(path=artifacts_dir / "issue14-inbox.png", full_page=True)
    page.context.close()
    assert any("dân vận khéo" in body for body in mails_to(mail, "bithu_kv1@example.org"))


def file_a_nomination(page) -> str:
    code = "bieu-duong-bi-thu-dang-vien-2025"
    page.goto(f"/ho-so/c/{code}/moi/")
    category = page.locator("select[name=category] option", has_text="Đảng viên tiêu biểu")
    with page.expect_request_finished():
        page.select_option("select[name=category]", category.first.get_attribute("value"))
    page.wait_for_load_state("networkidle")
    person = Person.objects.unscoped("the test looks the member up").get(code="CN002")
    page.select_option("select[name=person]", str(person.pk))
    page.fill("textarea[name=achievement_summary]", "Vận động 120 hộ tham gia mô hình.")
    # The category's qualitative criteria, each confirmed.
    for box in page.locator("input[name=checklist_confirmed]").all():
        box.check()
    document = page.locator("input[type=file][name^=document_]").first
    document.set_input_files(
        files=[
            {
                "name": "bao-cao-thanh-tich.pdf",
                "mimeType": "application/pdf",
                "buffer": sample_pdf("Báo cáo thành tích"),
            }
        ]
    )
    page.click("button[name=action][value=submit]")
    page.wait_for_selector('[data-state="proposed"]')
    return page.url
