"""The pages of the report of results: the district writes and sends, the city reads every
district's report and the consolidated table (also as Excel)."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from awards import results_services as svc
from awards.models import ResultsReport
from committees.models import Gender, Role, UnitKind
from tests.awards.test_results_services import honor_at_district
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def own_url(seed000):
    return reverse("awards:results-own", args=[seed000.campaign.code])


def overview_url(seed000, xlsx=False):
    name = "awards:results-overview-xlsx" if xlsx else "awards:results-overview"
    return reverse(name, args=[seed000.campaign.code])


def test_the_district_drafts_edits_and_sends_its_report(seed000):
    honor_at_district(seed000, 2)
    client = client_for(seed000.staff_district_a)
    page = client.get(own_url(seed000))
    assert page.status_code == 200 and b'data-testid="results-draft"' in page.content
    assert client.post(own_url(seed000), {"action": "draft"}).status_code == 302
    page = client.get(own_url(seed000))
    assert b'data-testid="fig-honored">2 ' in page.content
    # An empty text is refused at the field, nothing sent.
    refused = client.post(own_url(seed000), {"action": "send", "text": "  "})
    assert refused.status_code == 400
    assert refused.context["form"].errors["text"]
    report = ResultsReport.objects.get(unit=seed000.tree.district_a)
    assert report.sent_at is None
    sent = client.post(own_url(seed000), {"action": "send", "text": "Quận ủy báo cáo."})
    assert sent.status_code == 302
    report.refresh_from_db()
    assert report.sent_at is not None and report.text == "Quận ủy báo cáo."
    # Sent: read-only, no form any more; a POST is refused with the rule named.
    page = client.get(own_url(seed000))
    assert b'data-testid="results-form"' not in page.content
    again = client.post(own_url(seed000), {"action": "save", "text": "Sửa"})
    assert again.status_code == 400
    report.refresh_from_db()
    assert report.text == "Quận ủy báo cáo."


def test_who_may_open_the_unit_page(seed000):
    assert client_for(seed000.standing_district_a).get(own_url(seed000)).status_code == 200
    refused = client_for(seed000.standing_district_a).post(own_url(seed000), {"action": "draft"})
    assert refused.status_code == 403
    assert client_for(seed000.secretary_a1).get(own_url(seed000)).status_code == 403
    assert not ResultsReport.objects.unscoped("test").exists()


def test_the_city_reads_a_report_only_once_sent(seed000):
    report = svc.draft_report(seed000.staff_district_a, seed000.campaign, seed000.tree.district_a)
    url = reverse("awards:results-detail", args=[report.public_id])
    city = client_for(seed000.staff_city)
    assert city.get(url).status_code == 403  # a draft is the district's own
    assert client_for(seed000.standing_district_a).get(url).status_code == 200
    svc.send_report(seed000.staff_district_a, report)
    page = city.get(url)
    assert page.status_code == 200 and b'data-testid="results-reopen"' in page.content
    assert client_for(seed000.standing_city).get(url).status_code == 200
    assert client_for(seed000.staff_district_b).get(url).status_code == 404  # elsewhere
    assert client_for(seed000.secretary_a1).get(url).status_code == 404  # below the district
    wrong_role = UserFactory(unit=seed000.tree.city, role=Role.CELL_SECRETARY)
    assert client_for(wrong_role).get(url).status_code == 403
    reopen = reverse("awards:results-reopen", args=[report.public_id])
    assert client_for(seed000.standing_city).post(reopen, {"reason": "x"}).status_code == 403
    assert city.post(reopen, {"reason": ""}).status_code == 400
    assert city.post(reopen, {"reason": "Bổ sung"}).status_code == 302
    report.refresh_from_db()
    assert report.sent_at is None


def test_the_overview_sums_the_sent_reports(seed000):
    honor_at_district(seed000, 3, gender=Gender.FEMALE)
    a = svc.draft_report(seed000.staff_district_a, seed000.campaign, seed000.tree.district_a)
    svc.send_report(seed000.staff_district_a, a)
    b = svc.draft_report(seed000.staff_district_b, seed000.campaign, seed000.tree.district_b)
    svc.send_report(seed000.staff_district_b, b)
    page = client_for(seed000.staff_city).get(overview_url(seed000))
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [r["unit"] for r in rows] == [seed000.tree.district_a, seed000.tree.district_b]
    columns = page.context["columns"]
    totals = dict(zip(columns, page.context["totals"], strict=True))
    assert totals[("total", "honored")] == 3
    assert totals[("by_gender", "female")] == 3
    for index, column in enumerate(columns):
        assert page.context["totals"][index] == sum(r["cells"][index] or 0 for r in rows), column


def test_the_overview_shows_units_that_have_not_sent(seed000):
    svc.draft_report(seed000.staff_district_a, seed000.campaign, seed000.tree.district_a)
    page = client_for(seed000.standing_city).get(overview_url(seed000))
    states = [r["report"] for r in page.context["rows"]]
    assert states[0] is not None and states[0].sent_at is None and states[1] is None
    assert all(r["figures"] is None for r in page.context["rows"])  # a draft is not counted
    assert page.context["sent"] == 0
    assert client_for(seed000.secretary_a1).get(overview_url(seed000)).status_code == 403


def test_the_excel_file_reads_back(seed000):
    honor_at_district(seed000, 2)
    a = svc.draft_report(seed000.staff_district_a, seed000.campaign, seed000.tree.district_a)
    svc.send_report(seed000.staff_district_a, a)
    response = client_for(seed000.staff_city).get(overview_url(seed000, xlsx=True))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[4]]
    assert header[:3] and all(header)  # No., Unit, Report, then one title per column
    honored = 4  # the first figure: how many were honored
    names = [sheet.cell(row=r, column=2).value for r in (5, 6, 7)]
    assert names[:2] == [seed000.tree.district_a.name, seed000.tree.district_b.name]
    assert sheet.cell(row=5, column=honored).value == 2
    assert sheet.cell(row=6, column=honored).value is None  # district B has not sent
    assert sheet.cell(row=7, column=honored).value == 2  # the total row


def test_the_overview_takes_the_same_queries_for_more_units(seed000, queries):
    client = client_for(seed000.staff_city)
    a = svc.draft_report(seed000.staff_district_a, seed000.campaign, seed000.tree.district_a)
    svc.send_report(seed000.staff_district_a, a)
    few = queries.of_page(client, overview_url(seed000))
    for n in range(4):
        district = UnitFactory(
            parent=seed000.tree.city, code=f"QX{n}", name=f"Quận ủy {n}", kind=UnitKind.QUAN_UY
        )
        staff = UserFactory(unit=district, role=Role.STAFF)
        report = svc.draft_report(staff, seed000.campaign, district)
        svc.send_report(staff, report)
    response, many = queries.page(client, overview_url(seed000))
    assert len(response.context["rows"]) == 6
    assert many == few
