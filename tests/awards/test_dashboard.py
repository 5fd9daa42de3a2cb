"""The dashboard reminds the staff of a unit that honored of the nominations awaiting a decision."""

from django.urls import reverse

from awards import services

from .conftest import ISSUED_ON


def test_the_staff_see_how_many_await_a_decision(client, honored):
    seed = honored.seed
    client.force_login(seed.staff_district_a)
    text = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="awaiting-decision"' in text
    assert reverse("awards:decision-list", args=[seed.campaign.code]) in text
    draft = services.draft_decision(
        seed.staff_district_a, seed.campaign, honored.district, seed.district
    )
    services.issue_decision(seed.staff_district_a, draft, issued_on=ISSUED_ON)
    text = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="awaiting-decision"' not in text


def test_others_are_not_shown_the_panel(client, honored):
    for user in (honored.seed.standing_district_a, honored.seed.secretary_a1):
        client.force_login(user)
        text = client.get(reverse("dashboard")).content.decode()
        assert 'data-testid="awaiting-decision"' not in text
