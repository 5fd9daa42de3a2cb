"""One backup code posted twice at the same moment logs in once (PostgreSQL: each thread has its
own connection; the static device's row lock serialises the two checks)."""

import pytest
from django.db import connection

from core import two_factor
from tests.factories import UserFactory
from tests.nominations.test_concurrency import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections"),
]


@pytest.mark.parametrize("attempt", range(3))
def test_one_backup_code_posted_twice_at_once_is_accepted_once(settings, attempt):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    account = UserFactory()
    code = two_factor.new_backup_codes(account)[0]

    def post_code():
        form = two_factor.LoginTokenForm(
            data={"token": code}, device=None, backup_device=two_factor.backup_device(account)
        )
        return form.is_valid()

    results = race(post_code, post_code, post_code)
    assert sorted(results) == [False, False, True], results
    assert two_factor.backup_codes_left(account) == two_factor.BACKUP_CODE_COUNT - 1
