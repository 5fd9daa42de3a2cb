"""Large data built once per test module instead of once per test, like Django's
``TestCase.setUpTestData``: for modules whose tests read a generated dataset (the demo, the
scale dataset) that takes seconds to build.

The module fixture builds the data in a transaction that stays open until the module's last test
and is then rolled back. Each test still asks for ``db``: pytest-django runs it in a savepoint
inside that transaction, so what a test changes is undone before the next one, as before.

A test of the module that does not read the data must not see it: ``tests/conftest.py`` runs
those tests first, before the data exists (``run_shared_data_last``). The modules carry
``pytest.mark.xdist_group`` so that one xdist worker (``--dist loadgroup``) builds the data once.

    @shared_data
    def generated(django_db_setup, django_db_blocker):
        with built_once(django_db_blocker):
            yield call_command(...)
"""

from __future__ import annotations

import contextlib

import pytest
from django.db import transaction


def shared_data(function):
    """A module-scoped fixture whose data is kept for the module (see the module docstring)."""
    function.shared_data = True
    return pytest.fixture(scope="module")(function)


@contextlib.contextmanager
def built_once(django_db_blocker):
    """Database access and inline Celery tasks (as every test has, ``tests/conftest.py``) while
    the data is built and read; everything rolled back at the end."""
    from config.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        app.conf.task_always_eager = eager


def reads_shared_data(item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(
        getattr(definition.func, "shared_data", False)
        for definitions in info.name2fixturedefs.values()
        for definition in definitions
    )


def run_shared_data_last(items: list) -> None:
    """In each module, the tests that read shared data after those that do not (otherwise in
    their order): a test that does not ask for the data must not find it in the database."""
    first_seen: dict = {}
    for index, item in enumerate(items):
        first_seen.setdefault(item.module, index)
    order = {id(item): index for index, item in enumerate(items)}
    items.sort(key=lambda item: (first_seen[item.module], reads_shared_data(item), order[id(item)]))
