"""Reaching past the application into an append-only history, as someone with database access
could: raw SQL, with the PostgreSQL trigger ignored for this session (pgtrigger.ignore) where
there is one."""

from contextlib import contextmanager

import pgtrigger
from django.db import connection

from core.audit.records import ChainHead


@contextmanager
def past_the_trigger(model):
    if connection.vendor == "postgresql":
        with pgtrigger.ignore(f"{model._meta.label}:append_only"):
            yield
    else:
        yield


def raw_update(model, pk, column, value):
    table = connection.ops.quote_name(model._meta.db_table)
    with past_the_trigger(model), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {connection.ops.quote_name(column)} = %s "  # noqa: S608
            "WHERE id = %s",
            [value, pk],
        )


def raw_delete(model, pk):
    table = connection.ops.quote_name(model._meta.db_table)
    with past_the_trigger(model), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [pk])  # noqa: S608


def wipe_history(model):
    """Empty a history and its chain head (for tests that rebuild the data from scratch)."""
    with past_the_trigger(model):
        model._base_manager.all()._raw_delete(connection.alias)
    with past_the_head_trigger():
        ChainHead.objects.filter(name=model.chain_name)._raw_delete(connection.alias)


@contextmanager
def past_the_head_trigger():
    if connection.vendor == "postgresql":
        with pgtrigger.ignore("core.ChainHead:kept", "core.ChainHead:only_forward"):
            yield
    else:
        yield


def truncate_triggers() -> list[str]:
    """Every trigger that refuses TRUNCATE: the tests' flush between transactional tests
    empties every table, the histories included, and must pass them."""
    from core.audit.records import chained_models

    return ["core.ChainHead:no_truncate"] + [
        f"{model._meta.label}:no_truncate" for model in chained_models()
    ]
