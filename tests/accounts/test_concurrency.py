"""Two managers giving the same e-mail address to two new accounts at the same moment: the
account operations take the log's chain head first, so the second sees the first's address
(PostgreSQL, real connections)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounts import services
from committees.models import Role, User
from tests.factories import UserFactory
from tests.nominations.test_concurrency import RUNS, race, verdict

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


@pytest.mark.parametrize("attempt", RUNS)
def test_one_e_mail_address_goes_to_one_account_only(city_tree, attempt):
    admin_a = UserFactory(role=Role.ADMIN, unit=city_tree.district_a)
    admin_p1 = UserFactory(role=Role.ADMIN, unit=city_tree.grassroots_a)

    def create(by, username):
        return lambda: services.create_account(
            by,
            username=username,
            full_name="Nguyễn Văn Trùng",
            unit=city_tree.cell_a1,
            role=Role.CELL_SECRETARY,
            email="trung@example.vn",
        )

    results = race(create(admin_a, "trung.a"), create(admin_p1, "trung.b"))
    refused = [r for r in results if isinstance(r, ValidationError)]
    verdict(
        "two accounts given one e-mail address",
        2,
        {
            "exactly one refused": len(refused) == 1,
            "one account has the address": User.objects.filter(email="trung@example.vn").count()
            == 1,
        },
    )
