"""Issue 14, part 1: the account operations, their limits and the log they write."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from accounts import services
from accounts.models import AccountChange, AccountChangeKind
from committees.models import Role, User
from tests.factories import DEFAULT_PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def create(by, unit, **kwargs):
    defaults = {
        "username": "new_account",
        "full_name": "Lê Văn Mới",
        "unit": unit,
        "role": Role.CELL_SECRETARY,
    }
    return services.create_account(by, **{**defaults, **kwargs})


class TestCreate:
    def test_an_admin_creates_an_account_in_the_subtree_and_the_log_says_so(
        self, city_tree, admin_a
    ):
        account, credential = create(admin_a, city_tree.cell_a2, email="Moi@Example.VN")
        assert account.unit == city_tree.cell_a2 and account.must_change_password
        assert not account.has_usable_password()  # until the link is used
        change = AccountChange.objects.get(account=account)
        assert (change.kind, change.recorded_by, change.unit) == (
            AccountChangeKind.CREATED,
            admin_a,
            city_tree.cell_a2,
        )
        assert "QA-P1-C2" in change.details
        assert credential.link_path.startswith("/tai-khoan/dat-mat-khau/")

    def test_an_initial_password_is_returned_once_and_never_stored_in_clear(
        self, city_tree, admin_a
    ):
        account, credential = create(admin_a, city_tree.cell_a2, issue=services.Issue.PASSWORD)
        assert account.check_password(credential.password)
        assert credential.password not in account.password
        assert credential.password not in AccountChange.objects.get(account=account).details

    def test_a_sibling_branch_is_refused_at_the_unit(self, city_tree, admin_a):
        with pytest.raises(ValidationError) as refused:
            create(admin_a, city_tree.cell_b1)
        assert "unit" in refused.value.error_dict
        assert not User.objects.filter(username="new_account").exists()

    def test_a_role_above_the_managers_own_is_refused_at_the_role(self, city_tree, manager_staff_a):
        with pytest.raises(ValidationError) as refused:
            create(manager_staff_a, city_tree.cell_a1, role=Role.ADMIN)
        assert "role" in refused.value.error_dict
        assert AccountChange.objects.count() == 0

    def test_staff_may_not_entrust_accounts_to_anyone(self, city_tree, manager_staff_a):
        with pytest.raises(ValidationError) as refused:
            create(manager_staff_a, city_tree.cell_a1, role=Role.STAFF, can_manage_accounts=True)
        assert "can_manage_accounts" in refused.value.error_dict

    def test_staff_not_entrusted_manage_no_account(self, city_tree):
        staff = UserFactory(role=Role.STAFF, unit=city_tree.district_a)
        with pytest.raises(PermissionDenied):
            create(staff, city_tree.cell_a1)

    def test_a_taken_user_name_or_e_mail_is_refused_at_its_field(
        self, city_tree, admin_a, secretary_a1
    ):
        with pytest.raises(ValidationError) as refused:
            create(admin_a, city_tree.cell_a1, username="BITHU_A1", email="BiThu.A1@example.vn")
        assert set(refused.value.error_dict) == {"username", "email"}

    def test_the_invitation_goes_out_after_the_commit_with_a_working_link(
        self, city_tree, admin_a, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            account, _credential = create(
                admin_a, city_tree.cell_a2, email="moi@example.vn", base_url="https://kt.vn"
            )
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["moi@example.vn"]
        link = next(line for line in mail.outbox[0].body.splitlines() if "https://kt.vn" in line)
        token = link.rstrip("/").rsplit("/", 1)[1]
        assert default_token_generator.check_token(User.objects.get(pk=account.pk), token)

    def test_mail_down_leaves_the_account_created(
        self, city_tree, admin_a, settings, django_capture_on_commit_callbacks
    ):
        settings.EMAIL_BACKEND = "tests.accounts.broken_mail.EmailBackend"
        with django_capture_on_commit_callbacks(execute=True):
            account, _credential = create(
                admin_a, city_tree.cell_a2, email="moi@example.vn", base_url="https://kt.vn"
            )
        assert User.objects.filter(pk=account.pk).exists()

    def test_redis_down_leaves_the_account_created(
        self, city_tree, admin_a, monkeypatch, django_capture_on_commit_callbacks
    ):
        from redis.exceptions import ConnectionError as RedisDown

        from accounts.tasks import send_invitation

        def down(*args, **kwargs):
            raise RedisDown("Redis is down")

        monkeypatch.setattr(send_invitation, "delay", down)
        with django_capture_on_commit_callbacks(execute=True):
            account, _credential = create(
                admin_a, city_tree.cell_a2, email="moi@example.vn", base_url="https://kt.vn"
            )
        assert User.objects.filter(pk=account.pk).exists() and not mail.outbox


class TestChange:
    def test_changes_are_logged_field_by_field_and_nothing_changed_writes_nothing(
        self, city_tree, admin_a, secretary_a1
    ):
        services.update_account(admin_a, secretary_a1, role=Role.STAFF, unit=city_tree.district_a)
        change = AccountChange.objects.get(account=secretary_a1)
        assert change.kind == AccountChangeKind.UPDATED
        assert "QA-P1-C1" in change.details and "QA" in change.details
        services.update_account(admin_a, secretary_a1, role=Role.STAFF)
        assert AccountChange.objects.filter(account=secretary_a1).count() == 1

    def test_moving_an_account_to_a_sibling_branch_is_refused(
        self, city_tree, admin_a, secretary_a1
    ):
        with pytest.raises(ValidationError, match="outside your organisation"):
            services.update_account(admin_a, secretary_a1, unit=city_tree.cell_b1)
        secretary_a1.refresh_from_db()
        assert secretary_a1.unit == city_tree.cell_a1

    def test_an_account_outside_the_subtree_cannot_be_changed(self, admin_a, secretary_b1):
        with pytest.raises(PermissionDenied):
            services.update_account(admin_a, secretary_b1, full_name="Ai Đó")

    def test_staff_manager_cannot_touch_an_admin_or_raise_to_standing(
        self, city_tree, manager_staff_a, admin_a, secretary_a1
    ):
        grassroots_admin = UserFactory(role=Role.ADMIN, unit=city_tree.grassroots_a)
        with pytest.raises(PermissionDenied):
            services.reset_password(manager_staff_a, grassroots_admin)
        with pytest.raises(ValidationError, match="may not give the role"):
            services.update_account(manager_staff_a, secretary_a1, role=Role.STANDING_MEMBER)

    def test_nobody_changes_their_own_account_here(self, admin_a):
        with pytest.raises(PermissionDenied):
            services.deactivate(admin_a, admin_a)

    def test_a_member_record_outside_the_subtree_is_refused(self, city_tree, admin_a, secretary_a1):
        with pytest.raises(ValidationError) as refused:
            services.update_account(
                admin_a, secretary_a1, person=PersonFactory(unit=city_tree.cell_b1)
            )
        assert "person" in refused.value.error_dict


def login_session(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session.create()
    return session.session_key


class TestDeactivation:
    def test_deactivating_ends_every_session_at_once(self, client, admin_a, secretary_a1):
        client.force_login(secretary_a1)
        other = login_session(secretary_a1)
        kept = login_session(admin_a)
        services.deactivate(admin_a, secretary_a1)
        assert not Session.objects.filter(session_key=other).exists()
        assert Session.objects.filter(session_key=kept).exists()
        response = client.get("/")
        assert response.status_code == 302 and "dang-nhap" in response["Location"]
        assert AccountChange.objects.get(account=secretary_a1).kind == "deactivated"

    def test_reactivating_lets_the_account_log_in_again(self, client, admin_a, secretary_a1):
        services.deactivate(admin_a, secretary_a1)
        services.reactivate(admin_a, secretary_a1)
        response = client.post(
            "/tai-khoan/dang-nhap/", {"username": "bithu_a1", "password": DEFAULT_PASSWORD}
        )
        assert response.status_code == 302 and client.get("/").status_code == 200
        kinds = list(
            AccountChange.objects.filter(account=secretary_a1)
            .order_by("chain_seq")
            .values_list("kind", flat=True)
        )
        assert kinds == ["deactivated", "reactivated"]

    def test_deactivating_twice_is_refused(self, admin_a, secretary_a1):
        services.deactivate(admin_a, secretary_a1)
        with pytest.raises(ValidationError, match="already deactivated"):
            services.deactivate(admin_a, secretary_a1)


class TestResetPassword:
    def test_a_reset_ends_the_old_password_and_logs_without_the_secret(
        self, client, admin_a, secretary_a1
    ):
        client.force_login(secretary_a1)
        credential = services.reset_password(admin_a, secretary_a1, issue="password")
        secretary_a1.refresh_from_db()
        assert not secretary_a1.check_password(DEFAULT_PASSWORD)
        assert secretary_a1.check_password(credential.password)
        assert secretary_a1.must_change_password
        assert client.get("/").status_code == 302  # the old session is gone
        change = AccountChange.objects.get(account=secretary_a1)
        assert change.kind == "password_reset" and credential.password not in change.details


class TestTheLogIsAppendOnly:
    def test_the_application_refuses_to_change_or_delete_it(self, admin_a, secretary_a1):
        services.deactivate(admin_a, secretary_a1)
        change = AccountChange.objects.get(account=secretary_a1)
        with pytest.raises(ValidationError, match="cannot be changed"):
            change.save()
        with pytest.raises(ValidationError, match="cannot be deleted"):
            change.delete()
        with pytest.raises(ValidationError, match="cannot be changed"):
            AccountChange.objects.filter(pk=change.pk).update(details="rien")

    @pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the trigger exists only on PostgreSQL"
    )
    def test_postgresql_refuses_an_update_or_delete_past_the_application(
        self, admin_a, secretary_a1
    ):
        from django.db import DatabaseError

        services.deactivate(admin_a, secretary_a1)
        pk = AccountChange.objects.get(account=secretary_a1).pk
        for sql in (
            "UPDATE accounts_accountchange SET details = 'x' WHERE id = %s",
            "DELETE FROM accounts_accountchange WHERE id = %s",
        ):
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
                c.execute(sql, [pk])

    def test_the_chain_verifies(self, admin_a, secretary_a1):
        from io import StringIO

        from django.core.management import call_command

        services.deactivate(admin_a, secretary_a1)
        services.reactivate(admin_a, secretary_a1)
        out = StringIO()
        call_command("verify_history", "--chain=accounts", stdout=out)
        assert "2 records, chain intact" in out.getvalue()
