"""A person's and a unit's record ("hồ sơ thi đua"): every nomination and commendation across
campaigns, with level, outcome and year, on the person's and the unit's pages."""

import datetime

import pytest
from django.urls import reverse

from committees.models import Role
from nominations.models import Nomination
from nominations.models import NominationState as S
from tests.factories import (
    CampaignFactory,
    CategoryFactory,
    PersonFactory,
    ReviewLevelFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def campaign_of(year, organiser, title):
    campaign = CampaignFactory(
        organiser=organiser,
        title=title,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
    )
    level = ReviewLevelFactory(campaign=campaign, name=f"Quận ủy {year}")
    return campaign, level, CategoryFactory(campaign=campaign, name=f"Loại {year}")


def nominate(campaign, level, category, *, unit, user, state, person=None, collective=None):
    return Nomination.objects.create(
        campaign=campaign,
        category=category,
        person=person,
        collective=collective,
        filing_unit=unit,
        filed_by=user,
        achievement_summary="Gương mẫu.",
        state=state,
        level=level,
        honored_level=level if state == S.HONORED else None,
        reviewing_unit=None if state in S.closed() else level.campaign.organiser,
    )


@pytest.fixture
def history(city_tree):
    """A member of cell A1 honored in 2023, nominated again in 2025 (waiting), with a draft in
    a third campaign; cell A1 itself nominated as a collective in 2024 and not accepted."""
    secretary = UserFactory(unit=city_tree.cell_a1, role=Role.CELL_SECRETARY)
    person = PersonFactory(full_name="Phạm Thị Dung", unit=city_tree.cell_a1)
    old, old_level, old_category = campaign_of(2023, city_tree.district_a, "Biểu dương 2023")
    new, new_level, new_category = campaign_of(2025, city_tree.district_a, "Biểu dương 2025")
    mid, mid_level, mid_category = campaign_of(2024, city_tree.district_a, "Tập thể 2024")
    drafted, draft_level, draft_category = campaign_of(2026, city_tree.district_a, "Nháp 2026")
    common = {"unit": city_tree.cell_a1, "user": secretary}
    nominate(old, old_level, old_category, person=person, state=S.HONORED, **common)
    nominate(new, new_level, new_category, person=person, state=S.PROPOSED, **common)
    nominate(drafted, draft_level, draft_category, person=person, state=S.DRAFT, **common)
    nominate(mid, mid_level, mid_category, collective=city_tree.cell_a1, state=S.REJECTED, **common)
    return person


def test_a_persons_page_lists_every_nomination_across_campaigns(client, city_tree, history):
    client.force_login(UserFactory(unit=city_tree.district_a, role=Role.STAFF))

    response = client.get(reverse("committees:person-detail", args=[history.code]))

    (section,) = response.context["record_sections"]
    rows = [
        (r["year"], r["campaign"].title, r["level"].name, r["outcome"])
        for r in section.context["rows"]
    ]
    assert rows == [
        (2025, "Biểu dương 2025", "Quận ủy 2025", "Đã đề nghị, tại Quận ủy Ninh Kiều"),
        (2023, "Biểu dương 2023", "Quận ủy 2023", "Được biểu dương tại Quận ủy 2023"),
    ]
    body = response.content.decode()
    assert "Hồ sơ thi đua" in body
    assert "1 lần khen thưởng" in body


def test_a_units_page_lists_its_collective_nominations(client, city_tree, history):
    client.force_login(UserFactory(unit=city_tree.district_a, role=Role.STAFF))

    response = client.get(reverse("committees:unit-detail", args=[city_tree.cell_a1.code]))

    (section,) = response.context["record_sections"]
    assert [(r["year"], r["campaign"].title) for r in section.context["rows"]] == [
        (2024, "Tập thể 2024")
    ]
    assert "Hồ sơ thi đua của tập thể" in response.content.decode()


def test_a_draft_is_shown_only_to_the_unit_writing_it_and_never_in_the_record(
    client, city_tree, history
):
    client.force_login(UserFactory(unit=city_tree.cell_a1, role=Role.CELL_SECRETARY))

    response = client.get(reverse("committees:person-detail", args=[history.code]))

    years = [r["year"] for r in response.context["record_sections"][0].context["rows"]]
    assert 2026 not in years


def test_the_record_page_query_count_does_not_grow_with_the_nominations(client, city_tree, queries):
    secretary = UserFactory(unit=city_tree.cell_a1, role=Role.CELL_SECRETARY)
    person = PersonFactory(unit=city_tree.cell_a1)
    client.force_login(UserFactory(unit=city_tree.district_a, role=Role.STAFF))
    url = reverse("committees:person-detail", args=[person.code])
    unit_url = reverse("committees:unit-detail", args=[city_tree.cell_a1.code])

    def add(year):
        campaign, level, category = campaign_of(year, city_tree.district_a, f"Đợt {year}")
        common = {"unit": city_tree.cell_a1, "user": secretary, "state": S.HONORED}
        nominate(campaign, level, category, person=person, **common)
        nominate(campaign, level, category, collective=city_tree.cell_a1, **common)

    add(2020)
    small, small_unit = queries.of_page(client, url), queries.of_page(client, unit_url)
    for year in range(2021, 2026):
        add(year)

    assert queries.of_page(client, url) == small
    assert queries.of_page(client, unit_url) == small_unit
