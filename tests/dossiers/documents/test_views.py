"""The download pages: a form prefilled from the data, the file in each format, and who may have
it (another subtree: 404; the wrong role or unit: 403)."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from committees.models import Role
from dossiers.documents import context
from nominations import services
from nominations.models import Outcome
from tests.factories import UserFactory
from tests.workflow_fixtures import BEFORE

from .conftest import HUONG, place_district
from .helpers import bulk_forwarded, docx_text, pdf_text


@pytest.fixture(autouse=True)
def english(settings, client):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def level_url(name, docs, unit=None):
    unit = unit or docs.district
    return reverse(f"documents:{name}", args=[docs.seed.campaign.code, unit.code])


def report_url(nomination, name="achievement-report"):
    return reverse(f"documents:{name}", args=[nomination.public_id])


def minutes_url(session):
    return reverse("documents:minutes", args=[session.public_id])


# --- the form and the files ----------------------------------------------------------------------


def test_the_form_is_prefilled_from_the_unit(client, district_docs):
    client.force_login(district_docs.seed.staff_district_a)
    response = client.get(level_url("proposal", district_docs))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["place"] == "Ninh Kiều"
    assert form.initial["signer_title"] == "PHÓ BÍ THƯ"
    assert form.initial["on_behalf"] == "T/M BAN THƯỜNG VỤ"
    assert form.initial["day"] == context.today()
    assert [fmt for fmt, _label in response.context["formats"]] == ["pdf", "docx"]
    assert b'name="format" value="pdf"' in response.content


def test_the_proposal_downloads_with_what_was_typed(client, district_docs):
    client.force_login(district_docs.seed.standing_district_a)
    response = client.get(
        level_url("proposal", district_docs),
        {"format": "pdf", "number": "12", "day": "2025-02-07", "signer_name": "Nguyễn Văn Ký"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="to-trinh-qa-bieu-duong-2025.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    for expected in (
        "Số 12-TTr/QU",
        "Ninh Kiều, ngày 07 tháng 02 năm 2025",
        "QUẬN ỦY NINH KIỀU",
        "PHÓ BÍ THƯ",
        "Nguyễn Văn Ký",
        HUONG,
    ):
        assert expected in text, expected


def test_a_bare_format_link_downloads_the_prefilled_document(client, district_docs):
    client.force_login(district_docs.seed.staff_district_a)
    response = client.get(level_url("proposal", district_docs), {"format": "docx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Ninh Kiều, ngày" in docx_text(response.content)


def test_the_summary_list_comes_as_a_spreadsheet_too(client, district_docs):
    client.force_login(district_docs.seed.staff_district_a)
    response = client.get(level_url("nominee-list", district_docs), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_a_format_a_document_does_not_come_in_is_not_found(client, district_docs):
    client.force_login(district_docs.seed.staff_district_a)
    assert client.get(level_url("proposal", district_docs), {"format": "xlsx"}).status_code == 404
    assert client.get(level_url("proposal", district_docs), {"format": "exe"}).status_code == 404


def test_a_bad_date_shows_the_form_again(client, district_docs):
    client.force_login(district_docs.seed.staff_district_a)
    response = client.get(
        level_url("proposal", district_docs), {"format": "pdf", "day": "07/02/2025x"}
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors["day"]


def test_the_achievement_report_for_whoever_sees_the_nomination(client, district_docs):
    nomination = district_docs.forwarded
    for user in (
        district_docs.seed.secretary_a1,
        district_docs.seed.staff_grassroots_a,
        district_docs.seed.staff_district_a,
        district_docs.seed.staff_city,
    ):
        client.force_login(user)
        response = client.get(report_url(nomination), {"format": "pdf"})
        assert response.status_code == 200, user
    assert f"của đồng chí {HUONG}" in pdf_text(response.content)
    page = client.get(report_url(nomination))
    assert page.context["form"].initial["signer_name"] == HUONG
    assert "number" not in page.context["form"].fields


def test_the_nominees_cover_list(client, district_docs):
    client.force_login(district_docs.seed.secretary_a1)
    response = client.get(
        report_url(district_docs.forwarded, "nomination-index"), {"format": "pdf"}
    )
    assert response.status_code == 200
    assert "DANH MỤC HỒ SƠ" in pdf_text(response.content)


def test_the_minutes_for_the_level_that_voted(client, district_docs):
    client.force_login(district_docs.seed.standing_district_a)
    page = client.get(minutes_url(district_docs.session))
    assert page.context["form"].initial["chair"] == "Lê Văn Chủ Trì"
    assert page.context["form"].initial["day"] == datetime.date(2025, 1, 10)
    response = client.get(minutes_url(district_docs.session), {"format": "pdf"})
    assert response.status_code == 200
    assert "Chủ trì: đồng chí Lê Văn Chủ Trì" in pdf_text(response.content)


def test_the_registration_form_of_a_cell(client, seed000):
    client.force_login(seed000.secretary_a1)
    url = reverse("documents:registration", args=[seed000.campaign.code, seed000.tree.cell_a1.code])
    assert client.get(url).context["form"].initial["year"] == context.today().year
    response = client.get(url, {"format": "pdf", "year": "2023"})
    assert response.status_code == 200
    assert "xây dựng “Chi bộ bốn tốt” năm 2023" in pdf_text(response.content)
    assert client.get(url, {"format": "pdf", "year": "1800"}).status_code == 400


def test_the_top_level_lists_what_it_honored_and_writes_no_proposal(client, district_docs):
    seed = district_docs.seed
    services.send_up(seed.staff_district_a, [district_docs.forwarded], now=BEFORE)
    nomination = services.appraise(seed.staff_city, district_docs.forwarded, now=BEFORE)
    session = seed.session(unit=seed.tree.city, user=seed.staff_city)
    seed.vote(session, nomination, Outcome.HONOR, user=seed.staff_city)
    services.close_session(seed.staff_city, session, now=BEFORE)
    client.force_login(seed.staff_city)
    city = seed.tree.city
    assert client.get(level_url("proposal", district_docs, city)).status_code == 403
    assert (
        client.get(level_url("proposal", district_docs, city), {"format": "pdf"}).status_code == 403
    )
    response = client.get(level_url("nominee-list", district_docs, city), {"format": "pdf"})
    text = pdf_text(response.content)
    assert HUONG in text and "THÀNH ỦY CẦN THƠ" in text
    assert "Kèm theo Tờ trình" not in text


# --- who may have them ---------------------------------------------------------------------------


def test_anonymous_users_log_in_first(client, district_docs):
    response = client.get(level_url("proposal", district_docs))
    assert response.status_code == 302 and "dang-nhap" in response["Location"]


@pytest.mark.parametrize("name", ["proposal", "nominee-list", "level-index"])
def test_another_districts_documents_are_not_found(client, district_docs, name):
    client.force_login(district_docs.seed.staff_district_b)
    assert client.get(level_url(name, district_docs)).status_code == 404
    assert client.get(level_url(name, district_docs), {"format": "pdf"}).status_code == 404


def test_a_unit_above_ones_own_is_not_found(client, district_docs):
    client.force_login(district_docs.seed.staff_grassroots_a)
    assert client.get(level_url("proposal", district_docs)).status_code == 404


@pytest.mark.parametrize("name", ["proposal", "nominee-list", "level-index"])
def test_a_level_below_ones_own_is_forbidden(client, district_docs, name):
    """The district's staff see the ward committee but do not issue its documents."""
    client.force_login(district_docs.seed.staff_district_a)
    url = level_url(name, district_docs, district_docs.seed.tree.grassroots_a)
    assert client.get(url, {"format": "pdf"}).status_code == 403


def test_a_cell_secretary_issues_no_level_documents(client, district_docs):
    client.force_login(district_docs.seed.secretary_a1)
    url = level_url("proposal", district_docs, district_docs.seed.tree.cell_a1)
    assert client.get(url).status_code == 403


def test_a_unit_that_is_no_level_of_the_campaign_has_no_level_documents(client, seed000):
    client.force_login(UserFactory(unit=seed000.tree.cell_a1, role=Role.STAFF))
    url = reverse("documents:nominee-list", args=[seed000.campaign.code, seed000.tree.cell_a1.code])
    assert client.get(url).status_code == 403


def test_the_minutes_are_hidden_from_another_subtree_and_the_level_above(client, district_docs):
    client.force_login(district_docs.seed.staff_district_b)
    assert client.get(minutes_url(district_docs.session)).status_code == 404
    client.force_login(district_docs.seed.staff_grassroots_a)
    assert client.get(minutes_url(district_docs.session)).status_code == 404
    client.force_login(district_docs.seed.standing_city)  # sees it, did not hold it
    assert client.get(minutes_url(district_docs.session), {"format": "pdf"}).status_code == 403


def test_a_nomination_of_another_subtree_is_not_found(client, district_docs):
    client.force_login(district_docs.seed.staff_district_b)
    assert client.get(report_url(district_docs.forwarded)).status_code == 404
    assert (
        client.get(
            report_url(district_docs.forwarded, "nomination-index"), {"format": "pdf"}
        ).status_code
        == 404
    )


def test_who_may_print_a_registration(client, seed000):
    url = reverse("documents:registration", args=[seed000.campaign.code, seed000.tree.cell_a1.code])
    client.force_login(seed000.staff_district_a)
    assert client.get(url).status_code == 403
    client.force_login(seed000.staff_district_b)
    assert client.get(url).status_code == 404
    client.force_login(seed000.secretary_a1)
    other_cell = reverse(
        "documents:registration", args=[seed000.campaign.code, seed000.tree.cell_a2.code]
    )
    assert client.get(other_cell).status_code == 404
    client.force_login(seed000.staff_district_a)
    mass_org = reverse(
        "documents:registration", args=[seed000.campaign.code, seed000.tree.mass_org_a.code]
    )
    assert client.get(mass_org).status_code == 404


# --- constant queries ----------------------------------------------------------------------------


def test_the_level_documents_read_a_fixed_number_of_queries(seed000, queries):
    district = place_district(seed000)
    user = seed000.staff_district_a
    details = context.Details(day=context.today(), place="Ninh Kiều")
    builders = {
        "proposal": lambda: context.proposal(seed000.campaign, district, user, details),
        "list": lambda: context.nominee_list(seed000.campaign, district, user, details),
        "index": lambda: context.level_index(seed000.campaign, district, user, details),
    }
    bulk_forwarded(seed000, 2)
    few = {name: queries.of(build) for name, build in builders.items()}
    bulk_forwarded(seed000, 25)
    many = {name: queries.of(build) for name, build in builders.items()}
    assert few == many
    assert len(builders["list"]()["rows"]) == 27


def test_the_minutes_read_a_fixed_number_of_queries(seed000, queries):
    session, _nominations = seed000.decide_at_district(honor=2, forward=0)
    details = context.Details(**context.minutes_defaults(session))
    few = queries.of(lambda: context.minutes(session, seed000.staff_district_a, details))
    more = seed000.appraised_at_district(8)
    for nomination in more:
        seed000.vote(session, nomination, Outcome.HONOR)
    many = queries.of(lambda: context.minutes(session, seed000.staff_district_a, details))
    assert few == many


# --- the includes the lead drops into the pages --------------------------------------------------


def test_the_partials_link_to_the_documents(district_docs):
    seed = district_docs.seed
    nomination_links = render_to_string(
        "documents/partials/nomination_documents.html", {"nomination": district_docs.forwarded}
    )
    assert f"{report_url(district_docs.forwarded)}?format=pdf" in nomination_links
    level_links = render_to_string(
        "documents/partials/level_documents.html",
        {"campaign": seed.campaign, "unit": district_docs.district},
    )
    assert f"{level_url('proposal', district_docs)}?format=pdf" in level_links
    assert f"{level_url('nominee-list', district_docs)}?format=xlsx" in level_links
    top_links = render_to_string(
        "documents/partials/level_documents.html",
        {"campaign": seed.campaign, "unit": seed.tree.city},
    )
    assert "to-trinh" not in top_links and "danh-sach-trich-ngang" in top_links
    session_links = render_to_string(
        "documents/partials/session_documents.html", {"session": district_docs.session}
    )
    assert f"{minutes_url(district_docs.session)}?format=pdf" in session_links
    registration = render_to_string(
        "documents/partials/registration_documents.html",
        {"campaign": seed.campaign, "unit": seed.tree.cell_a1},
    )
    assert "dang-ky-thi-dua" in registration
