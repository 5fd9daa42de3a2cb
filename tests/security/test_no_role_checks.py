"""Roles are compared in the permissions modules only (``<app>/permissions.py``): a view asks a
permission or a predicate, a template asks ``{% has_perm %}`` or a value the view computed from
a predicate. This scan keeps it so: it fails on a view module or a template that compares a
role, names a ``Role``, or reads one of the user's role flags."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.project import project_apps

BASE = Path(settings.BASE_DIR)

VIEW_ROLE_CHECK = re.compile(
    r"\.role\b"  # user.role == ..., user.role in ..., getattr aside
    r"|\bRole\."  # Role.STAFF
    r"|\brole\s*(?:==|!=|\bin\b|\bnot\s+in\b)"  # role == ..., role in (...)
    r"|_ROLES\b"  # JUDGING_ROLES and the like
    r"|\.is_(?:level_staff|cell_secretary|standing_member|unit_admin)\b"  # the user's flags
)
TEMPLATE_ROLE_CHECK = re.compile(
    r"\.role\s*(?:==|!=|\bin\b|\bnot\s+in\b)"
    r"|\.is_(?:level_staff|cell_secretary|standing_member|unit_admin)\b"
)


def view_modules() -> list[Path]:
    found = set()
    for app in project_apps():
        root = Path(app.path)
        found.update(root.glob("**/views.py"))
        found.update(root.glob("**/views/**/*.py"))
    return sorted(found)


def templates() -> list[Path]:
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    roots += [Path(app.path) / "templates" for app in project_apps()]
    return sorted(p for root in roots if root.is_dir() for p in root.glob("**/*.html"))


def offending_lines(path: Path, pattern: re.Pattern) -> list[str]:
    return [
        f"{path.relative_to(BASE)}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]


def test_the_scan_sees_the_views_and_the_templates():
    names = {p.relative_to(BASE).as_posix() for p in view_modules()}
    assert "nominations/views/voting.py" in names
    assert "movements/views/judgements.py" in names
    assert any(p.name == "_nav.html" for p in templates())


@pytest.mark.parametrize(
    "line",
    [
        "if user.role == Role.STAFF:",
        "if not (user.is_superuser or user.role in services.JUDGING_ROLES):",
        "if role in (Role.STAFF, Role.STANDING_MEMBER):",
        "if not request.user.is_level_staff:",
    ],
)
def test_a_role_check_in_a_view_is_caught(line):
    assert VIEW_ROLE_CHECK.search(line)


@pytest.mark.parametrize(
    "line",
    [
        'permission_required = "nominations.review_at_level"',
        "if not can_record_votes(user, unit):",
        "secretary, staff = is_cell_secretary(user), is_level_staff(user)",
        "# 404 (not visible) and 403 (wrong role or level)",
    ],
)
def test_asking_a_permission_is_not_a_role_check(line):
    assert not VIEW_ROLE_CHECK.search(line)


@pytest.mark.parametrize(
    "line",
    [
        "{% if user.is_superuser or user.role == 'staff' %}",
        "{% if user.role in 'staff admin' %}",
        "{% if user.is_level_staff and level.can_forward %}",
    ],
)
def test_a_role_check_in_a_template_is_caught(line):
    assert TEMPLATE_ROLE_CHECK.search(line)


def test_no_view_module_checks_a_role():
    found = [line for path in view_modules() for line in offending_lines(path, VIEW_ROLE_CHECK)]
    assert not found, "ask a permission (<app>/permissions.py) instead:\n" + "\n".join(found)


def test_no_template_checks_a_role():
    # Showing the role's name ({{ user.get_role_display }}) is fine; deciding by it is not.
    found = [line for path in templates() for line in offending_lines(path, TEMPLATE_ROLE_CHECK)]
    assert not found, "use {% has_perm %} or a value from a predicate:\n" + "\n".join(found)


def test_no_module_named_rules_holds_permissions():
    """The word "rules" names the pure domain rules (cap, quorum, four-good, ranking); who may
    act is in each app's ``permissions.py``."""
    found = [
        path.relative_to(BASE).as_posix()
        for app in project_apps()
        for path in Path(app.path).glob("**/rules.py")
        if re.search(r"\brules\.(?:add_perm|predicate)\b|^import rules\b", path.read_text(), re.M)
    ]
    assert not found, found


def test_every_app_registers_its_permissions():
    import rules

    for name in (
        "committees.change_unit",
        "campaigns.manage_campaign",
        "movements.import_judgements",
        "nominations.act_at_level",
        "reports.read_report",
    ):
        assert rules.perm_exists(name), name


@pytest.mark.django_db
def test_a_declared_permission_asks_the_predicate_even_of_a_superuser(rf, django_user_model):
    """Django grants a superuser every permission; the pages ask the predicates, which say
    themselves what a superuser may do (here: a superuser is no level's staff)."""
    from django.core.exceptions import PermissionDenied

    from core.views.mixins import DeclaredPermissionMixin

    superuser = django_user_model.objects.create_superuser("root-perm", "root@example.vn", "x" * 12)
    assert superuser.has_perm("nominations.review_at_level")  # Django's shortcut

    class Page(DeclaredPermissionMixin):
        permission_required = "nominations.review_at_level"

    page = Page()
    page.request = rf.get("/")
    page.request.user = superuser
    with pytest.raises(PermissionDenied):
        page.check_permission()
    Page.permission_required = "movements.import_judgements"  # this one a superuser may
    page.check_permission()
