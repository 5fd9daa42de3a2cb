"""The pure rule of who grants what, without a database."""

import pytest

from accounts import rules
from committees.models import Role

SECRETARY, STAFF, STANDING, ADMIN = (
    Role.CELL_SECRETARY,
    Role.STAFF,
    Role.STANDING_MEMBER,
    Role.ADMIN,
)


def test_roles_rank_secretary_staff_standing_admin():
    assert rules.rank(SECRETARY) < rules.rank(STAFF) < rules.rank(STANDING) < rules.rank(ADMIN)
    assert rules.rank(ADMIN) < rules.rank("", superuser=True)


@pytest.mark.parametrize(
    ("granter", "role", "allowed"),
    [
        (STAFF, SECRETARY, True),
        (STAFF, STAFF, True),
        (STAFF, STANDING, False),
        (STAFF, ADMIN, False),
        (ADMIN, ADMIN, True),
        (STANDING, ADMIN, False),
    ],
)
def test_a_manager_grants_roles_up_to_their_own(granter, role, allowed):
    assert rules.may_grant(rules.rank(granter), role) is allowed


def test_an_unknown_role_is_never_granted():
    assert not rules.may_grant(rules.SUPERUSER_RANK, "president")


def test_only_an_administrator_entrusts_staff_with_accounts():
    assert rules.may_grant(rules.rank(ADMIN), STAFF, can_manage_accounts=True)
    assert not rules.may_grant(rules.rank(STAFF), STAFF, can_manage_accounts=True)
    assert not rules.may_grant(rules.rank(ADMIN), SECRETARY, can_manage_accounts=True)


def test_a_manager_does_not_touch_a_higher_role_or_another_manager_unless_admin():
    assert not rules.may_manage(rules.rank(STAFF), ADMIN)
    assert rules.may_manage(rules.rank(STAFF), SECRETARY)
    assert not rules.may_manage(rules.rank(STAFF), STAFF, manages_accounts=True)
    assert rules.may_manage(rules.rank(ADMIN), STAFF, manages_accounts=True)


def test_grantable_roles_stop_at_the_granter():
    assert rules.grantable_roles(rules.rank(STAFF)) == [SECRETARY, STAFF]
