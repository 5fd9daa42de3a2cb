"""The operations on accounts: create, change, deactivate, reactivate, reset the password.

Each one checks (the manager's permission, the subtree, the role they may grant), locks, changes
the account, and writes one ``AccountChange`` in the same transaction. Every account operation
takes the account log's chain head first (``ChainHead.locked``), so two managers cannot both
give the same e-mail address to two accounts at once.

``by=None`` is a management command, which acts without restriction.

A password someone else chose is never stored in clear and never logged: it comes back once, in
the ``Credential`` the caller prints on the sheet (``accounts.sheets``), and the account must
choose its own password at its next login (``must_change_password``). A set-password link is a
password-reset token for Django's ``default_token_generator``: it works once (the password it
sets changes the token's hash) and expires after ``PASSWORD_RESET_TIMEOUT``.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

import rules
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from committees.models import Person, Role, Unit, User, normalize_text
from committees.scoping import unit_in_scope
from core.audit.records import ChainHead

from . import rules as account_rules
from .models import AccountChange, AccountChangeKind

logger = logging.getLogger(__name__)


class Issue:
    """How a new or reset account gets its first password."""

    LINK = "link"  # a one-time link to choose it
    PASSWORD = "password"  # noqa: S105  (a choice, not a password) an initial password, printed on the sheet

    CHOICES = (LINK, PASSWORD)


#: letters and digits that cannot be mistaken for one another when read off paper
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105
PASSWORD_LENGTH = 12

#: the fields a manager changes, in the order the log lists them
FIELDS = ("full_name", "unit", "role", "email", "phone", "person", "can_manage_accounts")


@dataclass(frozen=True)
class Credential:
    """What one account's holder is handed: the initial password or the set-password path."""

    username: str
    full_name: str
    unit_code: str
    unit_name: str
    role: str
    email: str
    password: str = ""
    link_path: str = ""


def initial_password() -> str:
    """Twelve random letters and digits, with at least one of each kind (never all digits)."""
    while True:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))
        if (
            any(c.islower() for c in password)
            and any(c.isupper() for c in password)
            and any(c.isdigit() for c in password)
        ):
            return password


def set_password_path(account: User) -> str:
    """The one-time set-password page of ``account``, as a path (the caller adds the host)."""
    return reverse(
        "accounts:set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(account.pk)),
            "token": default_token_generator.make_token(account),
        },
    )


# --- checks ----------------------------------------------------------------------------------


def _rank(by) -> int:
    if by is None:
        return account_rules.SUPERUSER_RANK
    return account_rules.rank(by.role, superuser=by.is_superuser)


def _check_manager(by) -> None:
    if by is not None and not rules.has_perm("accounts.manage_accounts", by):
        raise PermissionDenied(_("You may not manage accounts."))


def _check_account(by, account: User) -> None:
    if by is not None and not rules.has_perm("accounts.change_account", by, account):
        raise PermissionDenied(_("You may not change this account."))


def check_grant(by, *, unit: Unit | None, role: str, can_manage_accounts: bool) -> None:
    """The unit inside the manager's subtree, still active; a role and a trust they may give."""
    errors = {}
    if unit is None:
        errors["unit"] = _("Choose the account's unit.")
    elif by is not None and not unit_in_scope(by, unit):
        errors["unit"] = _("The unit %(code)s is outside your organisation.") % {"code": unit.code}
    elif not unit.is_active:
        errors["unit"] = _("The unit %(code)s is merged or closed.") % {"code": unit.code}
    if not account_rules.may_grant(_rank(by), role):
        errors["role"] = _("You may not give the role %(role)s.") % {"role": _role_label(role)}
    elif can_manage_accounts and not account_rules.may_grant(
        _rank(by), role, can_manage_accounts=True
    ):
        errors["can_manage_accounts"] = _(
            "Only an administrator may entrust an account with the accounts of the units, "
            "and only an account of the organisation committee's staff."
        )
    if errors:
        raise ValidationError(errors)


def _role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def _check_unique(username: str, email: str, *, account: User | None = None) -> None:
    errors = {}
    others = User.objects.exclude(pk=account.pk) if account is not None else User.objects.all()
    if account is None and others.filter(username__iexact=username).exists():
        errors["username"] = _("The user name %(username)s is already taken.") % {
            "username": username
        }
    if email and others.filter(email__iexact=email).exists():
        errors["email"] = _("The e-mail address %(email)s is used by another account.") % {
            "email": email
        }
    if errors:
        raise ValidationError(errors)


def _check_person(by, person: Person | None) -> None:
    if person is not None and by is not None and not unit_in_scope(by, person.unit):
        raise ValidationError(
            {
                "person": _("The person %(code)s belongs to a unit outside your organisation.")
                % {"code": person.code}
            }
        )


def _locked(account: User) -> User:
    """``account`` re-read and locked (its own row only: the unit it joins may be null, and
    PostgreSQL locks no row of the nullable side of an outer join)."""
    return User.objects.select_for_update(of=("self",)).get(pk=account.pk)


def _lock(using: str = "default") -> None:
    """Serialise the account operations on the log's chain head (see the module docstring)."""
    ChainHead.locked(AccountChange.chain_name, using)


# --- the log ---------------------------------------------------------------------------------


def _shown(account: User, name: str) -> str:
    value = getattr(account, name)
    if name == "role":
        return _role_label(value) if value else "—"
    if name == "unit":
        return f"{value.code} ({value.name})" if value else "—"
    if name == "person":
        return f"{value.code} ({value.full_name})" if value else "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value or "—"


def _label(name: str) -> str:
    return str(User._meta.get_field(name).verbose_name)


def _describe(account: User, names=FIELDS) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return "\n".join(f"{_label(name)}: {_shown(account, name)}" for name in names)


def _record(by, account: User, kind: str, details: str = "") -> AccountChange:
    return AccountChange.objects.create(
        account=account,
        unit=account.unit,
        kind=kind,
        details=details,
        recorded_by=by if by is not None and by.is_authenticated else None,
    )


# --- sessions and e-mail ---------------------------------------------------------------------


def end_sessions(account: User) -> int:
    """Delete every open session of ``account``; returns how many. (An inactive account is
    refused on its next request anyway: Django's ``ModelBackend`` loads only active users.)"""
    ended = 0
    key = str(account.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) == key:
            session.delete()
            ended += 1
    return ended


def _invite_after_commit(account: User, base_url: str | None) -> None:
    if not account.email or not base_url:
        return
    from config.celery import send_safely

    from .tasks import send_invitation

    pk = account.pk
    transaction.on_commit(
        lambda: send_safely(
            lambda: send_invitation.delay(pk, base_url),
            what=f"the invitation e-mail of account {pk}",
        )
    )


# --- the operations --------------------------------------------------------------------------


def _issue(account: User, issue: str) -> str:
    """Give ``account`` an initial password (returned) or none until the link is used."""
    if issue not in Issue.CHOICES:
        raise ValueError(f"Unknown way to issue a password: {issue!r}")
    account.must_change_password = True
    if issue == Issue.PASSWORD:
        password = initial_password()
        account.set_password(password)
        return password
    account.set_unusable_password()
    return ""


def _credential(account: User, password: str) -> Credential:
    return Credential(
        username=account.username,
        full_name=account.full_name,
        unit_code=account.unit.code if account.unit else "",
        unit_name=account.unit.name if account.unit else "",
        role=_role_label(account.role),
        email=account.email,
        password=password,
        link_path="" if password else set_password_path(account),
    )


def create_account(
    by,
    *,
    username: str,
    full_name: str,
    unit: Unit,
    role: str,
    email: str = "",
    phone: str = "",
    person: Person | None = None,
    can_manage_accounts: bool = False,
    issue: str = Issue.LINK,
    base_url: str | None = None,
) -> tuple[User, Credential]:
    """A new account at ``unit`` with ``role``; its initial password or set-password link comes
    back in the ``Credential``, and an invitation e-mail goes out after the commit when the
    account has an address and ``base_url`` (the site's address) is given."""
    _check_manager(by)
    username = (username or "").strip()
    email = User.objects.normalize_email((email or "").strip())
    check_grant(by, unit=unit, role=role, can_manage_accounts=can_manage_accounts)
    _check_person(by, person)
    using = router.db_for_write(User)
    with transaction.atomic(using=using):
        _lock(using)
        _check_unique(username, email)
        account = User(
            username=username,
            full_name=full_name,
            unit=unit,
            role=role,
            email=email,
            phone=(phone or "").strip(),
            person=person,
            can_manage_accounts=can_manage_accounts,
        )
        password = _issue(account, issue)
        account.full_clean(exclude=["password"])
        account.save()
        _record(by, account, AccountChangeKind.CREATED, _describe(account))
        _invite_after_commit(account, base_url)
    return account, _credential(account, password)


def update_account(by, account: User, **changes) -> User:
    """Change some of ``FIELDS`` of ``account``; nothing is written (no log row either) when
    nothing differs."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValueError(f"Not a field a manager changes: {', '.join(sorted(unknown))}")
    _check_account(by, account)
    if "email" in changes:
        changes["email"] = User.objects.normalize_email((changes["email"] or "").strip())
    if "phone" in changes:
        changes["phone"] = (changes["phone"] or "").strip()
    if "full_name" in changes:
        changes["full_name"] = normalize_text(changes["full_name"])
    using = router.db_for_write(User)
    with transaction.atomic(using=using):
        _lock(using)
        account = _locked(account)
        changed = [name for name, value in changes.items() if getattr(account, name) != value]
        if not changed:
            return account
        before = {name: _describe(account, [name]).split(": ", 1)[1] for name in changed}
        for name in changed:
            setattr(account, name, changes[name])
        if {"unit", "role", "can_manage_accounts"} & set(changed):
            check_grant(
                by,
                unit=account.unit,
                role=account.role,
                can_manage_accounts=account.can_manage_accounts,
            )
        if "person" in changed:
            _check_person(by, account.person)
        if "email" in changed:
            _check_unique(account.username, account.email, account=account)
        account.full_clean(exclude=["password"])
        account.save()
        with translation.override(settings.LANGUAGE_CODE):
            details = "\n".join(
                f"{_label(name)}: {before[name]} → {_shown(account, name)}" for name in changed
            )
        _record(by, account, AccountChangeKind.UPDATED, details)
    return account


def deactivate(by, account: User) -> User:
    """The account can no longer log in, and its open sessions end now."""
    _check_account(by, account)
    using = router.db_for_write(User)
    with transaction.atomic(using=using):
        _lock(using)
        account = _locked(account)
        if not account.is_active:
            raise ValidationError(_("This account is already deactivated."))
        account.is_active = False
        account.save(update_fields=["is_active"])
        _record(by, account, AccountChangeKind.DEACTIVATED)
        end_sessions(account)
    return account


def reactivate(by, account: User) -> User:
    _check_account(by, account)
    using = router.db_for_write(User)
    with transaction.atomic(using=using):
        _lock(using)
        account = _locked(account)
        if account.is_active:
            raise ValidationError(_("This account is already active."))
        if account.unit is not None and not account.unit.is_active:
            raise ValidationError(
                _("The unit %(code)s is merged or closed.") % {"code": account.unit.code}
            )
        account.is_active = True
        account.save(update_fields=["is_active"])
        _record(by, account, AccountChangeKind.REACTIVATED)
    return account


def reset_password(by, account: User, *, issue: str = Issue.LINK) -> Credential:
    """A new initial password or set-password link; the old password stops working and the
    account's sessions end (Django ties a session to the password it logged in with)."""
    _check_account(by, account)
    using = router.db_for_write(User)
    with transaction.atomic(using=using):
        _lock(using)
        account = _locked(account)
        password = _issue(account, issue)
        account.save(update_fields=["password", "must_change_password"])
        with translation.override(settings.LANGUAGE_CODE):
            details = (
                _("An initial password was issued.")
                if password
                else _("A one-time link to choose a password was issued.")
            )
        _record(by, account, AccountChangeKind.PASSWORD_RESET, details)
        end_sessions(account)
    return _credential(account, password)
