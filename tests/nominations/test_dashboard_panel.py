"""The dashboard shows each open campaign with what the user's unit has to do now."""

import pytest
from django.urls import reverse

from campaigns.models import CampaignStatus
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def dashboard(client, user):
    client.force_login(user)
    return client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")


def tasks_by_label(response):
    (panel,) = response.context["panels"]
    (row,) = [r for r in panel.context["rows"] if r.campaign.code == "bieu-duong-2025"]
    return {task.label: task for task in row.tasks}


def test_the_cell_secretary_sees_the_cells_nominations(client, seed000):
    seed000.file(seed000.member(seed000.tree.cell_a1))
    tasks = tasks_by_label(dashboard(client, seed000.secretary_a1))
    task = tasks["Your unit's nominations"]
    assert task.count == 1
    assert task.url == reverse("nominations:unit-nominations", args=["bieu-duong-2025"])
    assert "Waiting for appraisal" not in tasks


def test_the_ward_staff_see_what_waits_for_appraisal(client, seed000):
    for _ in range(2):
        seed000.file(seed000.member(seed000.tree.cell_a1))
    tasks = tasks_by_label(dashboard(client, seed000.staff_grassroots_a))
    assert tasks["Waiting for appraisal"].count == 2
    assert "Waiting for the vote" not in tasks  # the ward committee does not vote here


def test_the_district_standing_committee_sees_what_waits_for_the_vote(client, seed000):
    seed000.appraised_at_district(3)
    tasks = tasks_by_label(dashboard(client, seed000.standing_district_a))
    assert tasks["Waiting for the vote"].count == 3


def test_the_city_sees_the_final_list(client, seed000):
    tasks = tasks_by_label(dashboard(client, seed000.standing_city))
    assert "Final list" in tasks


def test_another_districts_staff_are_not_counted_what_is_not_theirs(client, seed000):
    seed000.appraised_at_district(2)
    tasks = tasks_by_label(dashboard(client, seed000.staff_district_b))
    assert tasks["Waiting for appraisal"].count == 0


def test_a_work_panel_replaces_the_empty_state(client, seed000):
    body = dashboard(client, seed000.secretary_a1).content.decode()
    assert 'data-testid="open-campaigns"' in body
    assert "No commendation campaign is open" not in body


def test_closed_campaigns_are_not_shown(client, seed000):
    seed000.campaign.status = CampaignStatus.CLOSED
    seed000.campaign.save()
    response = dashboard(client, seed000.secretary_a1)
    assert response.context["panels"] == []


def test_query_count_does_not_grow_with_campaigns(client, seed000, queries):
    from django.core.cache import cache

    client.force_login(seed000.staff_district_a)
    url = reverse("dashboard")
    with queries() as few:
        client.get(url)
    for _ in range(4):
        CampaignFactory(organiser=seed000.tree.city)
    cache.clear()  # both requests count the subtree (a campaign does not change its counts)
    with queries() as many:
        client.get(url)
    assert len(many) == len(few)
