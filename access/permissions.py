"""Who may read the access records: the unit's admin, for the subtree of the unit."""

import rules

from committees.permissions import is_active_user, is_admin


@rules.predicate
def is_active(user) -> bool:
    return is_active_user(user)


rules.add_perm("access.read_records", is_active & is_admin)
