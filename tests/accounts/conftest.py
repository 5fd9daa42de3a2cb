import pytest
from django.utils import translation

from committees.models import Role
from tests.factories import UserFactory


@pytest.fixture
def admin_a(city_tree):
    """The administrator of district A: manages the accounts of district A's subtree."""
    return UserFactory(username="admin_qa", role=Role.ADMIN, unit=city_tree.district_a)


@pytest.fixture
def manager_staff_a(city_tree):
    """Staff of district A entrusted with the accounts of the subtree."""
    return UserFactory(
        username="tochuc_qa", role=Role.STAFF, unit=city_tree.district_a, can_manage_accounts=True
    )


@pytest.fixture
def secretary_a1(city_tree):
    return UserFactory(
        username="bithu_a1",
        role=Role.CELL_SECRETARY,
        unit=city_tree.cell_a1,
        email="bithu.a1@example.vn",
    )


@pytest.fixture
def secretary_b1(city_tree):
    return UserFactory(username="bithu_b1", role=Role.CELL_SECRETARY, unit=city_tree.cell_b1)


@pytest.fixture
def english():
    """Messages in English (their msgids), whatever translations are installed."""
    with translation.override("en"):
        yield
