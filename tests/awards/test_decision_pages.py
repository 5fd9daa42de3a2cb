"""The decisions' pages: the list, drafting, editing, issuing, annulling; refusals at the field;
404 outside the subtree, 403 for the wrong role; the list's queries do not grow with its rows."""

import datetime

import pytest
from django.urls import reverse

from awards import services
from awards.models import Decision

from .conftest import ISSUED_ON


@pytest.fixture
def staff_client(client, honored):
    client.force_login(honored.seed.staff_district_a)
    return client


def list_url(honored):
    return reverse("awards:decision-list", args=[honored.seed.campaign.code])


def drafted(honored):
    seed = honored.seed
    return services.draft_decision(
        seed.staff_district_a, seed.campaign, honored.district, seed.district
    )


def test_the_list_counts_the_honored_awaiting_and_drafts(staff_client, honored):
    page = staff_client.get(list_url(honored))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="awaiting-count">2<' in text
    assert 'data-testid="draft-button"' in text
    response = staff_client.post(
        reverse("awards:decision-draft", args=[honored.seed.campaign.code]),
        {"level": honored.seed.district.pk},
    )
    decision = Decision.objects.within(honored.district).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:decision-edit", args=[decision.public_id])
    text = staff_client.get(list_url(honored)).content.decode()
    assert 'data-testid="awaiting-count">0<' in text
    assert "Dự thảo quyết định" in text or "Draft decision" in text


def test_a_level_that_is_not_a_number_is_a_404(staff_client, honored):
    response = staff_client.post(
        reverse("awards:decision-draft", args=[honored.seed.campaign.code]), {"level": "x"}
    )
    assert response.status_code == 404


def test_the_standing_member_reads_but_has_no_button(client, honored):
    client.force_login(honored.seed.standing_district_a)
    page = client.get(list_url(honored))
    assert page.status_code == 200
    assert 'data-testid="draft-button"' not in page.content.decode()
    response = client.post(
        reverse("awards:decision-draft", args=[honored.seed.campaign.code]),
        {"level": honored.seed.district.pk},
    )
    assert response.status_code == 403


def test_another_districts_staff_gets_404_for_a_decision(client, honored):
    decision = drafted(honored)
    client.force_login(honored.seed.staff_district_b)
    for name in ("decision-detail", "decision-edit", "decision-issue"):
        assert client.get(reverse(f"awards:{name}", args=[decision.public_id])).status_code == 404


def test_the_city_staff_sees_it_but_may_not_prepare_it(client, honored):
    decision = drafted(honored)
    client.force_login(honored.seed.staff_city)
    # The district is inside the city's subtree: the object exists for them, the role is wrong.
    assert client.get(reverse("awards:decision-edit", args=[decision.public_id])).status_code == 403


def test_editing_a_draft(staff_client, honored):
    decision = drafted(honored)
    first = decision.entries.get(order=1)
    url = reverse("awards:decision-edit", args=[decision.public_id])
    page = staff_client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    data["signer_name"] = "Nguyễn Văn Ký"
    data["remove_entries"] = [str(first.pk)]
    response = staff_client.post(url, data)
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.signer_name == "Nguyễn Văn Ký"
    assert decision.entries.count() == 1


def test_an_empty_subject_is_refused_at_its_field(staff_client, honored):
    decision = drafted(honored)
    url = reverse("awards:decision-edit", args=[decision.public_id])
    form = staff_client.get(url).context["form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    data["subject"] = ""
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["subject"]


def test_issuing_with_a_typed_number_then_the_same_number_refused(staff_client, honored):
    decision = drafted(honored)
    url = reverse("awards:decision-issue", args=[decision.public_id])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"number": "15", "issued_on": "2025-01-20"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.number_text == "15-QĐ/QU"
    page = staff_client.get(reverse("awards:decision-detail", args=[decision.public_id]))
    text = page.content.decode()
    assert "Quyết định số 15-QĐ/QU ngày 20/01/2025" in text
    assert "Lê Văn An" in text and 'data-testid="history"' in text
    # Annulled with the same number: refused at the field, nothing issued.
    annul_url = reverse("awards:decision-annul", args=[decision.public_id])
    response = staff_client.post(
        annul_url, {"reason": "Sai tên", "number": "15", "issued_on": "2025-01-21"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["number"]
    assert Decision.objects.within(honored.district).count() == 1


def test_bad_input_on_the_issue_form_is_refused_at_the_field(staff_client, honored):
    decision = drafted(honored)
    url = reverse("awards:decision-issue", args=[decision.public_id])
    for data, field in (
        ({"number": "-3", "issued_on": "2025-01-20"}, "number"),
        ({"number": "abc", "issued_on": "2025-01-20"}, "number"),
        ({"number": "", "issued_on": "20/13/2025"}, "issued_on"),
        ({"number": "", "issued_on": "2025-01-01"}, "issued_on"),  # before the honor
    ):
        response = staff_client.post(url, data)
        assert response.status_code == 200, data
        assert response.context["form"].errors[field], data
    decision.refresh_from_db()
    assert not decision.is_issued


def test_annulling_from_the_page(staff_client, honored):
    decision = services.issue_decision(
        honored.seed.staff_district_a, drafted(honored), issued_on=ISSUED_ON
    )
    response = staff_client.post(
        reverse("awards:decision-annul", args=[decision.public_id]),
        {"reason": "Nhầm đối tượng", "number": "", "issued_on": "2025-02-01"},
    )
    annulment = Decision.objects.within(honored.district).get(annuls=decision)
    assert response["Location"] == reverse("awards:decision-detail", args=[annulment.public_id])
    text = staff_client.get(list_url(honored)).content.decode()
    assert 'data-testid="annulled"' in text
    assert annulment.number_text in text
    # The nominations await a decision again.
    assert 'data-testid="awaiting-count">2<' in text


def test_the_list_reads_in_constant_queries(staff_client, honored, queries):
    seed = honored.seed
    staff = seed.staff_district_a
    decision = services.issue_decision(staff, drafted(honored), issued_on=ISSUED_ON)
    one = queries.of_page(staff_client, list_url(honored))
    for day in (2, 3, 4):
        services.annul_decision(staff, decision, reason="x", issued_on=datetime.date(2025, 2, day))
        decision = services.issue_decision(
            staff, drafted(honored), issued_on=datetime.date(2025, 2, day)
        )
    assert Decision.objects.within(honored.district).count() == 7
    assert queries.of_page(staff_client, list_url(honored)) == one
