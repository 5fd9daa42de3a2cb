"""What each level sees of what it handled: "waiting for us" (the queue, with its missing
documents) and "passed on / decided by us", filtered, sorted, exported, with counts that match
the dashboard's and a fixed number of queries however many rows."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import CampaignStatus, DocumentRequirement
from nominations import services
from nominations.models import Nomination
from tests.workflow_fixtures import BEFORE

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(client, settings):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def opened(seed000):
    seed000.campaign.status = CampaignStatus.OPEN
    seed000.campaign.save()
    return seed000


def queue_url(seed):
    return reverse("nominations:queue", args=[seed.campaign.code])


def handled_url(seed):
    return reverse("nominations:handled", args=[seed.campaign.code])


def subtree_url(seed):
    return reverse("nominations:subtree", args=[seed.campaign.code])


def dashboard_task(client, label):
    response = client.get(reverse("dashboard"))
    rows = response.context["panels"][0].context["rows"]
    return next(task for row in rows for task in row.tasks if str(task.label) == label)


def rows_of(response) -> list[Nomination]:
    return list(response.context["nominations"])


def decided_at_district(seed) -> dict[str, Nomination]:
    """At district A: one waiting for appraisal, one returned, one not accepted, one honoured."""
    waiting = seed.at_district(seed.member(seed.tree.cell_a1, full_name="Chờ Thẩm Định"))
    returned = seed.at_district(seed.member(seed.tree.cell_a1, full_name="Trả Lại"))
    services.return_for_revision(seed.staff_district_a, returned, "Bổ sung")
    rejected = seed.at_district(seed.member(seed.tree.cell_a1, full_name="Không Đề Nghị"))
    services.reject(seed.staff_district_a, rejected, "Chưa đủ tiêu chuẩn", now=BEFORE)
    session, (honored,) = seed.decide_at_district(honor=1, forward=0)
    services.close_session(seed.staff_district_a, session, now=BEFORE)
    return {"waiting": waiting, "returned": returned, "rejected": rejected, "honored": honored}


class TestTheQueueAndTheDashboardCountTheSameRows:
    def test_decided_nominations_are_not_waiting_at_the_district(self, en, opened):
        made = decided_at_district(opened)
        en.force_login(opened.staff_district_a)
        task = dashboard_task(en, "Waiting for appraisal")
        listed = rows_of(en.get(task.url))
        assert task.count == len(listed) == 1
        assert [n.pk for n in listed] == [made["waiting"].pk]
        # the whole queue: only what still waits for the district
        assert {n.pk for n in rows_of(en.get(queue_url(opened)))} == {made["waiting"].pk}

    def test_the_decided_ones_are_under_decided_by_us(self, en, opened):
        made = decided_at_district(opened)
        en.force_login(opened.staff_district_a)
        task = dashboard_task(en, "Passed on or decided by us")
        listed = {n.pk: n for n in rows_of(en.get(task.url))}
        assert task.count == len(listed) == 3
        assert set(listed) == {made[k].pk for k in ("returned", "rejected", "honored")}
        assert listed[made["rejected"].pk].our_outcome_label == "Not accepted"
        assert listed[made["returned"].pk].our_outcome_label == "Returned for revision"
        assert listed[made["honored"].pk].final_outcome.startswith("Honoured at ")


class TestPassedOn:
    def test_the_ward_finds_what_it_passed_on_and_where_it_is(self, en, opened):
        nomination = opened.at_district(opened.member(opened.tree.cell_a1))
        en.force_login(opened.staff_grassroots_a)
        (row,) = rows_of(en.get(handled_url(opened)))
        assert row.pk == nomination.pk
        assert row.our_outcome_label == "Passed on / forwarded"
        assert row.now_at == opened.tree.district_a.name
        assert row.final_outcome == "In progress"
        assert not rows_of(en.get(queue_url(opened)))

    def test_filtered_by_outcome_unit_and_date(self, en, opened):
        made = decided_at_district(opened)
        en.force_login(opened.staff_district_a)
        by_outcome = rows_of(en.get(handled_url(opened), {"outcome": "reject"}))
        assert [n.pk for n in by_outcome] == [made["rejected"].pk]
        other_branch = opened.tree.grassroots_cell_a.pk
        assert not rows_of(en.get(handled_url(opened), {"filing_unit": other_branch}))
        branch = opened.tree.grassroots_a.pk
        assert len(rows_of(en.get(handled_url(opened), {"filing_unit": branch}))) == 3
        assert not rows_of(en.get(handled_url(opened), {"decided_to": "2000-01-01"}))

    def test_sorted_by_a_column(self, en, opened):
        decided_at_district(opened)
        en.force_login(opened.staff_district_a)
        names = [n.nominee_name for n in rows_of(en.get(handled_url(opened), {"sort": "nominee"}))]
        assert names == sorted(names)
        back = [n.nominee_name for n in rows_of(en.get(handled_url(opened), {"sort": "-nominee"}))]
        assert back == sorted(names, reverse=True)


class TestMissingDocuments:
    def test_the_queue_names_the_missing_documents_and_counts_them(self, en, opened):
        nomination = opened.at_district(opened.member(opened.tree.cell_a1))
        DocumentRequirement.objects.create(
            campaign=opened.campaign, code="qd", name="Quyết định khen thưởng"
        )  # asked for after it was filed
        en.force_login(opened.staff_district_a)
        response = en.get(queue_url(opened))
        (row,) = rows_of(response)
        assert row.pk == nomination.pk
        assert row.missing_documents == ["Quyết định khen thưởng"]
        assert response.context["incomplete"] == 1
        assert [n.pk for n in rows_of(en.get(queue_url(opened), {"documents": "missing"}))] == [
            nomination.pk
        ]
        assert not rows_of(en.get(queue_url(opened), {"documents": "complete"}))


class TestExport:
    def test_decided_by_us_as_a_spreadsheet(self, en, opened):
        made = decided_at_district(opened)
        # a reason typed like a formula is shown as written, never run
        en.force_login(opened.staff_district_a)
        response = en.get(handled_url(opened), {"format": "xlsx", "sort": "nominee"})
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet.freeze_panes == "A3"
        assert [c.value for c in sheet[2]][:2] == ["No.", "Nominee"]
        names = [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)]
        assert sorted(names) == names
        assert set(names) == {made[k].nominee_name for k in ("returned", "rejected", "honored")}

    def test_text_that_looks_like_a_formula_stays_text(self, en, opened):
        opened.at_district(opened.member(opened.tree.cell_a1, full_name="=HYPERLINK(1)"))
        en.force_login(opened.staff_district_a)
        sheet = load_workbook(
            io.BytesIO(en.get(queue_url(opened), {"format": "xlsx"}).content)
        ).active
        cell = sheet.cell(row=3, column=2)
        assert cell.value == "=HYPERLINK(1)"
        assert cell.data_type == "s"


class TestPermissions:
    def test_a_cell_secretary_is_refused(self, en, opened):
        en.force_login(opened.secretary_a1)
        assert en.get(handled_url(opened)).status_code == 403

    def test_a_campaign_not_visible_is_not_found(self, en, opened):
        from tests.factories import CampaignFactory

        hidden = CampaignFactory(organiser=opened.tree.district_b, code="rieng-b")
        en.force_login(opened.staff_district_a)
        url = reverse("nominations:handled", args=[hidden.code])
        assert en.get(url).status_code == 404

    def test_a_unit_outside_the_subtree_is_refused_at_the_filter(self, en, opened):
        decided_at_district(opened)
        en.force_login(opened.staff_district_a)
        response = en.get(handled_url(opened), {"filing_unit": opened.tree.cell_b1.pk})
        assert "filing_unit" in response.context["filter"].form.errors
        assert not rows_of(response)


class TestQueryCounts:
    @pytest.mark.parametrize("url", [queue_url, handled_url, subtree_url])
    def test_a_list_does_not_grow_with_its_rows(self, client, opened, queries, url):
        client.force_login(opened.staff_grassroots_a)

        def grow(n):
            for _ in range(n):
                nomination = opened.file(opened.member(opened.tree.cell_a1))
                if url is handled_url:
                    services.appraise(opened.staff_grassroots_a, nomination, now=BEFORE)
                    services.pass_on(opened.staff_grassroots_a, nomination, now=BEFORE)

        grow(2)
        small = queries.of_page(client, url(opened))
        grow(4)
        response, large = queries.page(client, url(opened))
        assert len(rows_of(response)) == 6
        assert large == small
