import os

import pytest
from hypothesis import HealthCheck, settings

from tests.security.world import build_world

# Hostile-input tests stay bounded: a modest number of examples, no per-example deadline (the
# first example pays for the database and the fonts). HYPOTHESIS_PROFILE=thorough runs more.
settings.register_profile(
    "security",
    max_examples=40,
    deadline=None,
    derandomize=True,
    print_blob=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
settings.register_profile(
    "thorough", parent=settings.get_profile("security"), max_examples=500, derandomize=False
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "security"))


@pytest.fixture
def world(seed000, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world(seed000)
    world.inside.extras["campaign"] = seed000.campaign
    world.outside.extras["campaign"] = world.outside.campaign
    for side in (world.inside, world.outside):
        side.extras["city_campaign"] = seed000.campaign
        side.extras["city_movement"] = world.inside.movement
    return world
