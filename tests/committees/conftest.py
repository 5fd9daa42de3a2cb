import pytest
from django.utils import translation

from committees.models import Role
from tests.factories import UserFactory


@pytest.fixture
def english():
    """Messages in English (their msgids), whatever translations are installed."""
    with translation.override("en"):
        yield


@pytest.fixture
def admin_a(city_tree):
    """An administrator of district A: imports only inside district A."""
    return UserFactory(username="admin_a", role=Role.ADMIN, unit=city_tree.district_a)


@pytest.fixture
def superuser(city_tree):
    return UserFactory(
        username="root", role=Role.ADMIN, unit=city_tree.city, is_superuser=True, is_staff=True
    )
