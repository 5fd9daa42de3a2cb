"""Progress that staff can act on: each silent unit named with the unit above it, each count a
link to the list of the nominations it counts, and the table as a spreadsheet."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from nominations import progress
from nominations.models import NominationState as S

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(client, settings):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def filed(seed000):
    seed000.grassroots.closes_at = timezone.now() + datetime.timedelta(days=2)
    seed000.grassroots.save()
    seed000.city.closes_at = timezone.now() + datetime.timedelta(days=9)
    seed000.city.save()
    seed000.file(seed000.member(seed000.tree.cell_a1))
    seed000.at_district(seed000.member(seed000.tree.cell_a1))
    return seed000


def progress_url(seed, **query):
    url = reverse("nominations:progress", args=[seed.campaign.code])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


class TestSilentUnitsWithTheirParent:
    def test_each_silent_unit_is_named_with_the_unit_above_it(self, en, filed):
        (silent,) = progress.silent_units(
            filed.campaign, filed.staff_district_a, filed.tree.grassroots_a
        )
        assert (silent.code, silent.parent) == (
            filed.tree.cell_a2.code,
            filed.tree.grassroots_a.name,
        )
        en.force_login(filed.staff_district_a)
        url = reverse(
            "nominations:progress-silent", args=[filed.campaign.code, filed.tree.grassroots_a.code]
        )
        body = en.get(url).content.decode()
        assert (
            f'{filed.tree.cell_a2.name} <span class="text-muted">· {filed.tree.grassroots_a.name}'
            in body
        )


class TestCountsAreLinks:
    def test_each_count_opens_the_nominations_it_counts(self, en, filed):
        en.force_login(filed.staff_district_a)
        response = en.get(progress_url(filed))
        (branch,) = [r for r in response.context["rows"] if r.unit == filed.tree.grassroots_a]
        links = [(count, link) for count, link in branch.cells if link]
        assert links  # at least one state has nominations
        for count, link in links:
            listed = en.get(link)
            assert listed.status_code == 200
            assert listed.context["paginator"].count == count
        proposed = dict(zip(progress.STATE_COLUMNS, branch.cells, strict=True))[S.PROPOSED]
        assert proposed[0] == 2  # one at the ward, one passed on to the district

    def test_a_zero_is_not_a_link(self, en, filed):
        en.force_login(filed.staff_district_a)
        response = en.get(progress_url(filed))
        for row in response.context["rows"]:
            assert all(not link for count, link in row.cells if count == 0)


class TestExport:
    def test_the_progress_table_as_a_spreadsheet(self, en, filed):
        en.force_login(filed.staff_district_a)
        response = en.get(progress_url(filed, format="xlsx"))
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet.freeze_panes == "A3"
        header = [c.value for c in sheet[2]]
        assert header[:3] == ["Unit", "Filed", "Proposed"]
        by_unit = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
        assert by_unit[filed.tree.grassroots_a.name][1] == 2
        assert by_unit[filed.tree.grassroots_a.name][-1] == 1  # cell A2 filed nothing
        assert sheet.cell(row=3, column=1).data_type == "s"

    def test_the_export_is_for_the_staff(self, en, filed):
        en.force_login(filed.standing_district_a)
        assert en.get(progress_url(filed, format="xlsx")).status_code == 403
