"""Through a real browser: the district's staff enter the conference and read the list of the
day, at desktop and at phone width (screenshots in test-artifacts/)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.awards.conference_fixtures import people
from tests.browser_fixtures import sign_in

pytestmark = pytest.mark.browser


def test_staff_enter_the_conference_and_read_the_list_on_a_phone(page, conf, artifacts_dir):
    conf.conference.delete()
    tree = conf.seed.tree
    for person in people(conf, tree.cell_a1, "Nguyễn Thị Thu Hằng", "Đỗ Văn Dũng"):
        conf.honor(person)
    conf.honor(collective=tree.cell_a2, filing_unit=tree.grassroots_a, form_code="bang-khen")
    (teacher,) = people(conf, tree.grassroots_cell_a, "Trần Thị Phượng", position="Giáo viên")
    conf.honor(teacher)
    sign_in(page, conf.seed.staff_district_a.username)

    page.goto(reverse("awards:conference", args=[conf.seed.campaign.code, conf.district.code]))
    page.locator('[data-testid="conference-edit"]').click()
    form = page.locator('[data-testid="conference-form"]')
    day = timezone.localdate() + datetime.timedelta(days=20)
    form.locator("input[name=starts_on]").fill(day.isoformat())
    form.locator("input[name=starts_time]").fill("08:00")
    form.locator("input[name=place]").fill("Hội trường Quận ủy Ninh Kiều")
    form.locator("input[name=seats_per_row]").fill("2")
    form.locator("[type=submit]").click()
    page.wait_for_load_state()

    table = page.locator('[data-testid="conference-list"]')
    expect(table).to_contain_text("Nguyễn Thị Thu Hằng")
    expect(table).to_contain_text("Chi bộ Trường THPT Châu Văn Liêm")
    expect(page.locator('[data-testid="conference-downloads"] a')).to_have_count(4)
    page.screenshot(path=str(artifacts_dir / "conference-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(artifacts_dir / "conference-phone.png"), full_page=True)
    # On a phone the table fits the screen: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
