"""Importing accounts from .xlsx or .csv, all or nothing, on the machinery of
``committees.imports``: every error with its row and column, nothing written while one remains,
and importing the same file again changes nothing (no log row either).

The user name is the key. A row whose user name is new creates the account (through
``services.create_account``: its log row, its initial password or set-password link, its
invitation e-mail); a row whose user name is an account the importer manages changes what
differs (``services.update_account``); a user name taken by an account the importer may not
manage is refused at its cell. The credentials of the accounts created come back on the
importer (``AccountImporter.credentials``) for the printed sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import rules
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees.imports import values
from committees.imports.columns import FULL_NAME, PERSON_CODE, PHONE, UNIT_CODE, Column
from committees.imports.importers import INVALID, Importer, chunks
from committees.imports.reading import read_table
from committees.imports.results import ImportRefused, ImportResult, RowError
from committees.imports.values import InvalidValue, lookup_key
from committees.models import Person, Role, Unit, UnitStatus, User

from . import rules as account_rules
from . import services

USERNAME = "Tên đăng nhập"
ROLE = "Vai trò"
EMAIL = "Email"
USERNAME_MAX_LENGTH = 150
ACCOUNT_PHONE_MAX_LENGTH = 20

#: the roles as users write them: the Vietnamese names, and the codes
ROLE_NAMES = (
    ("Bí thư chi bộ", Role.CELL_SECRETARY),
    ("Cán bộ Ban Tổ chức", Role.STAFF),
    ("Cán bộ", Role.STAFF),
    ("Ủy viên Ban Thường vụ", Role.STANDING_MEMBER),
    ("Ủy viên thường vụ", Role.STANDING_MEMBER),
    ("Quản trị viên", Role.ADMIN),
)

ACCOUNT_COLUMNS = (
    Column(
        USERNAME,
        gettext_lazy(
            "The user name to log in with: letters, digits and . @ + - _ only, unique across "
            "the system; it identifies the account when the file is imported again."
        ),
        text=True,
    ),
    Column(FULL_NAME, gettext_lazy("The holder's full name.")),
    Column(
        UNIT_CODE,
        gettext_lazy("The code of the account's unit, inside your organisation."),
        text=True,
    ),
    Column(
        ROLE,
        gettext_lazy(
            "Bí thư chi bộ, Cán bộ Ban Tổ chức, Ủy viên Ban Thường vụ or Quản trị viên "
            "(or cell_secretary, staff, standing_member, admin); at most your own role."
        ),
        choices=tuple(name for name, _role in ROLE_NAMES if name != "Cán bộ"),
    ),
    Column(
        EMAIL,
        gettext_lazy(
            "E-mail address. May be empty; when given, an invitation is sent to it, and no "
            "two accounts share one."
        ),
        cell_required=False,
    ),
    Column(
        PHONE,
        gettext_lazy("Phone number. May be empty; format the column as Text."),
        cell_required=False,
        text=True,
    ),
    Column(
        PERSON_CODE,
        gettext_lazy("Optional: the code of the member record the account belongs to."),
        required=False,
        cell_required=False,
        text=True,
    ),
)


@cache
def role_names() -> dict[str, str]:
    table = {lookup_key(name): role for name, role in ROLE_NAMES}
    table.update({lookup_key(role): role for role in Role.values})
    return table


def parse_role(value) -> str:
    role = role_names().get(lookup_key(str(value)))
    if role is None:
        raise InvalidValue(
            _(
                "Write Bí thư chi bộ, Cán bộ Ban Tổ chức, Ủy viên Ban Thường vụ or Quản trị "
                "viên, not %(value)s."
            )
            % {"value": value}
        )
    return role


def parse_username(value) -> str:
    text = values.as_text(value, max_length=USERNAME_MAX_LENGTH)
    try:
        UnicodeUsernameValidator()(text)
    except ValidationError:
        raise InvalidValue(
            _("A user name holds only letters, digits and . @ + - _ (no spaces).")
        ) from None
    return text


def parse_email(value) -> str:
    text = values.as_text(value, max_length=254)
    try:
        validate_email(text)
    except ValidationError:
        raise InvalidValue(_("%(value)s is not an e-mail address.") % {"value": text}) from None
    return User.objects.normalize_email(text)


def parse_account_phone(value) -> str:
    phone = values.parse_phone(value)
    if len(phone) > ACCOUNT_PHONE_MAX_LENGTH:
        raise InvalidValue(
            _("Too long: at most %(limit)s characters, this cell has %(length)s.")
            % {"limit": ACCOUNT_PHONE_MAX_LENGTH, "length": len(phone)}
        )
    return phone


@dataclass
class AccountRow:
    number: int
    username: str
    full_name: str
    unit_id: int
    role: str
    email: str
    phone: str
    person_id: int | None
    #: the account with this user name, if there is one
    existing: User | None = None


@dataclass
class AccountPlan:
    new: list[AccountRow] = field(default_factory=list)
    changed: list[AccountRow] = field(default_factory=list)
    result: ImportResult = field(default_factory=ImportResult)


class AccountImporter(Importer):
    columns = ACCOUNT_COLUMNS

    def __init__(self, user=None, *, issue: str = services.Issue.LINK, base_url=None):
        super().__init__(user)
        if user is not None and not rules.has_perm("accounts.manage_accounts", user):
            raise PermissionDenied(_("You may not manage accounts."))
        self.issue = issue
        self.base_url = base_url
        self.rank = (
            account_rules.SUPERUSER_RANK
            if user is None
            else account_rules.rank(user.role, superuser=user.is_superuser)
        )
        self.credentials: list[services.Credential] = []

    def validate(self, rows):
        read_username = self.reader(USERNAME, parse_username)
        read_name = self.reader(FULL_NAME, values.as_text)
        read_unit = self.reader(UNIT_CODE, values.as_code)
        read_role = self.reader(ROLE, parse_role)
        read_email = self.reader(EMAIL, parse_email, required=False)
        read_phone = self.reader(PHONE, parse_account_phone, required=False)
        read_person = self.reader(PERSON_CODE, values.as_code, required=False)

        cells = []
        first_username: dict[str, int] = {}
        first_email: dict[str, int] = {}
        for number, row in rows:
            parsed = (
                read_username(number, row),
                read_name(number, row),
                read_unit(number, row),
                read_role(number, row),
                read_email(number, row),
                read_phone(number, row),
                read_person(number, row),
            )
            username, email = parsed[0], parsed[4]
            if username is not INVALID:
                key = username.lower()
                if key in first_username:
                    self.error(
                        number,
                        USERNAME,
                        _("The user name %(username)s is already on row %(first)s.")
                        % {"username": username, "first": first_username[key]},
                    )
                    continue
                first_username[key] = number
            if email not in (None, INVALID):
                key = email.lower()
                if key in first_email:
                    self.error(
                        number,
                        EMAIL,
                        _("The e-mail address %(email)s is already on row %(first)s.")
                        % {"email": email, "first": first_email[key]},
                    )
                    continue
                first_email[key] = number
            cells.append((number, parsed))

        units = self.units(sorted({p[2] for _n, p in cells if p[2] is not INVALID}))
        people = self.people(sorted({p[6] for _n, p in cells if p[6] not in (None, INVALID)}))
        accounts = self.accounts(sorted(first_username))
        emails = self.emails(sorted(first_email))
        checked = []
        for number, (username, name, unit_code, role, email, phone, person_code) in cells:
            unit = self.check_unit(number, unit_code, units)
            if role is not INVALID and not account_rules.may_grant(self.rank, role):
                self.error(
                    number,
                    ROLE,
                    _("You may not give the role %(role)s.") % {"role": Role(role).label},
                )
                role = INVALID
            existing = accounts.get(username.lower()) if username is not INVALID else None
            if existing is not None and not self.manages(existing, number):
                self.error(
                    number,
                    USERNAME,
                    _("The user name %(username)s is already taken.") % {"username": username},
                )
                username = INVALID
            if email not in (None, INVALID):
                holder = emails.get(email.lower())
                if holder is not None and (existing is None or holder != existing.pk):
                    self.error(
                        number,
                        EMAIL,
                        _("The e-mail address %(email)s is used by another account.")
                        % {"email": email},
                    )
                    email = INVALID
            person = None
            if person_code not in (None, INVALID):
                person = people.get(person_code)
                if person is None:
                    self.error(
                        number,
                        PERSON_CODE,
                        _("The person code %(code)s does not exist.") % {"code": person_code},
                    )
                    person_code = INVALID
                elif self.restricted and not self.in_scope(person[1]):
                    self.error(
                        number,
                        PERSON_CODE,
                        _("The person %(code)s belongs to a unit outside your organisation.")
                        % {"code": person_code},
                    )
                    person_code = INVALID
            if INVALID in (username, name, unit, role, email, phone, person_code):
                continue
            checked.append(
                AccountRow(
                    number,
                    username,
                    name,
                    unit,
                    role,
                    email or "",
                    phone or "",
                    person[0] if person else None,
                    existing,
                )
            )
        if self.errors:
            return None
        return self.plan(checked)

    def check_unit(self, number: int, code, units: dict):
        if code is INVALID:
            return INVALID
        unit = units.get(code)
        if unit is None:
            self.missing_unit(number, UNIT_CODE, code)
            return INVALID
        pk, path, status = unit
        if self.restricted and not self.in_scope(path):
            self.outside(number, UNIT_CODE, code)
            return INVALID
        if status != UnitStatus.ACTIVE:
            self.error(
                number, UNIT_CODE, _("The unit %(code)s is merged or closed.") % {"code": code}
            )
            return INVALID
        return pk

    def manages(self, account: User, number: int) -> bool:
        """May the importer change ``account``? Their own account passes (and is then left
        unchanged: ``plan`` refuses a change to it)."""
        if self.user is None or account.pk == self.user.pk:
            return True
        return rules.has_perm("accounts.change_account", self.user, account)

    # --- lookups: a few queries whatever the number of rows ---------------------------------

    @staticmethod
    def units(codes: list[str]) -> dict[str, tuple]:
        found = {}
        for chunk in chunks(codes):
            rows = Unit.objects.order_by().filter(code__in=chunk)
            for code, *rest in rows.values_list("code", "id", "path", "status"):
                found[code] = tuple(rest)
        return found

    @staticmethod
    def people(codes: list[str]) -> dict[str, tuple]:
        found = {}
        people = Person.objects.unscoped("import: a person code is unique across the tree")
        for chunk in chunks(codes):
            for code, *rest in (
                people.order_by().filter(code__in=chunk).values_list("code", "id", "unit__path")
            ):
                found[code] = tuple(rest)
        return found

    @staticmethod
    def accounts(keys: list[str]) -> dict[str, User]:
        """The accounts whose user name matches, in any letter case."""
        found = {}
        for chunk in chunks(keys):
            for account in User.objects.annotate(key=Lower("username")).filter(key__in=chunk):
                found[account.username.lower()] = account
        return found

    @staticmethod
    def emails(keys: list[str]) -> dict[str, int]:
        found = {}
        for chunk in chunks(keys):
            rows = User.objects.annotate(key=Lower("email")).filter(key__in=chunk)
            for pk, email in rows.values_list("pk", "email"):
                found[email.lower()] = pk
        return found

    # --- the plan and the writing -----------------------------------------------------------

    def plan(self, checked: list[AccountRow]) -> AccountPlan:
        plan = AccountPlan()
        for row in checked:
            if (
                row.existing is not None
                and self.user is not None
                and (row.existing.pk == self.user.pk and self.changes(row))
            ):
                self.error(
                    row.number,
                    USERNAME,
                    _("This is your own account: change it on your own pages, not by an import."),
                )
            elif row.existing is None:
                plan.new.append(row)
            elif self.changes(row):
                plan.changed.append(row)
            else:
                plan.result.unchanged += 1
        plan.result.created, plan.result.updated = len(plan.new), len(plan.changed)
        self.stop_on_errors()
        return plan

    @staticmethod
    def changes(row: AccountRow) -> dict:
        account = row.existing
        wanted = {
            "full_name": row.full_name,
            "unit_id": row.unit_id,
            "role": row.role,
            "email": row.email,
            "phone": row.phone,
        }
        if row.person_id is not None:
            wanted["person_id"] = row.person_id  # an empty cell keeps the link recorded
        return {name: value for name, value in wanted.items() if getattr(account, name) != value}

    def write(self, plan: AccountPlan) -> None:
        units = Unit.objects.in_bulk({row.unit_id for row in [*plan.new, *plan.changed]})
        for row in plan.new:
            self.guard(
                row,
                lambda row=row: self.credentials.append(
                    services.create_account(
                        self.user,
                        username=row.username,
                        full_name=row.full_name,
                        unit=units[row.unit_id],
                        role=row.role,
                        email=row.email,
                        phone=row.phone,
                        person=Person.objects.get(pk=row.person_id) if row.person_id else None,
                        issue=self.issue,
                        base_url=self.base_url,
                    )[1]
                ),
            )
        for row in plan.changed:
            changes = {}
            for name, value in self.changes(row).items():
                if name == "unit_id":
                    changes["unit"] = units[value]
                elif name == "person_id":
                    changes["person"] = Person.objects.get(pk=value)
                else:
                    changes[name] = value
            self.guard(
                row,
                lambda row=row, changes=changes: services.update_account(
                    self.user, row.existing, **changes
                ),
            )

    @staticmethod
    def guard(row: AccountRow, write) -> None:
        """A refusal of the services (the data changed since the check) names its row."""
        try:
            write()
        except ValidationError as exc:
            raise ImportRefused([RowError(row.number, "", " ".join(exc.messages))]) from None
        except PermissionDenied as exc:
            raise ImportRefused([RowError(row.number, "", str(exc))]) from None


def import_accounts(
    file,
    filename: str,
    *,
    user=None,
    issue: str = services.Issue.LINK,
    base_url: str | None = None,
    dry_run: bool = False,
) -> tuple[ImportResult, list[services.Credential]]:
    """Import ``file`` (read through ``committees.imports.reading``); ``user=None`` (the
    command) imports without restriction of scope. The credentials of the accounts created come
    back for the printed sheet."""
    table = read_table(file, filename)
    importer = AccountImporter(user, issue=issue, base_url=base_url)
    result = importer.run(table, dry_run=dry_run)
    return result, importer.credentials
