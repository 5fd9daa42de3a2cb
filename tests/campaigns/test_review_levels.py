"""Where a reviewing level sits: ``ReviewLevel.matches`` (one unit) and ``unit_filter`` (the
same test as a query, for counting units in the database) must agree on every unit."""

import pytest

from campaigns.models import Placement, ReviewLevel
from committees.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

LEVELS = [
    ReviewLevel(placement=Placement.ORGANISER),
    ReviewLevel(placement=Placement.UNDER_ORGANISER),
    ReviewLevel(placement=Placement.GRASSROOTS),
    ReviewLevel(placement=Placement.KINDS, kinds=[UnitKind.CHI_BO, UnitKind.DOAN_THE]),
    ReviewLevel(placement=Placement.KINDS, kinds=[]),
]


@pytest.mark.parametrize("level", LEVELS, ids=lambda level: f"{level.placement}{level.kinds}")
@pytest.mark.parametrize("organiser_code", ["TU", "QA"])
def test_the_filter_selects_the_units_the_level_matches(city_tree, level, organiser_code):
    organiser = Unit.objects.get(code=organiser_code)
    matched = {u.code for u in Unit.objects.all() if level.matches(u, organiser)}
    filtered = set(Unit.objects.filter(level.unit_filter(organiser)).values_list("code", flat=True))
    assert filtered == matched
    if level.placement != Placement.KINDS or level.kinds:
        assert matched  # each placement matches something in this tree
