"""Generations: numbers kept in the shared cache (Redis in production) that move on after every
committed write to the tables a cached page or count reads, so that whatever was cached under an
older number is never served again.

A cache that follows a generation puts ``current(name)`` into its key, read *before* the rows:
a reader that reads the generation, then rows from before a write, stores its result under a
number the write's commit has already replaced, where nobody looks again.

How writes are seen: every statement Django sends passes through ``watch_writes`` (an execute
wrapper put on each new connection). An INSERT, UPDATE, DELETE or TRUNCATE names its table, and
each generation that follows that table moves on once the transaction commits (at once in
autocommit; not at all if it rolls back). That covers saves and deletes, ``update()``,
``bulk_create``, the services' locks and writes, the admin, commands and Celery tasks alike,
without a signal or a call to forget. COPY goes around Django's ``execute``: the code that
copies calls ``tables_changed`` itself (the imports). A write whose table cannot be read moves
every generation on. A generation this connection has read is also moved on at the write
itself, for the reads later in the same transaction (``_read_here``). Writes made outside
Django (by hand in ``psql``) are not seen: what is cached expires after its own timeout all the
same.

Without Redis the cache is the process's memory: right for the embedded server (one process),
not for several; docs/scaling.md says Redis is shared by every process.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache as default_cache
from django.db import connections
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

#: what the cache raises when Redis cannot be reached: callers compute instead of caching
CACHE_DOWN = (RedisConnectionError, RedisTimeoutError)

T = TypeVar("T")

_ALL = "*"  # stands for "every table" when a write's table cannot be read


@dataclass
class Generation:
    """A generation and the tables it follows: ``models`` (labels such as
    ``"committees.Person"``), or every table but those of ``ignored`` when ``models`` is
    empty. Labels, not classes, so that a lower app may name a higher app's tables."""

    name: str
    models: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()
    _tables: frozenset[str] | None = field(default=None, init=False, repr=False)
    _ignored_tables: frozenset[str] | None = field(default=None, init=False, repr=False)

    def follows(self, table: str) -> bool:
        if table == _ALL:
            return True
        if self._tables is None:
            self._tables = frozenset(filter(None, map(_db_table, self.models)))
            self._ignored_tables = frozenset(filter(None, map(_db_table, self.ignored)))
        if self.models:
            return table in self._tables
        return table not in (self._ignored_tables or frozenset())

    @property
    def key(self) -> str:
        return f"generation:{self.name}"


def _db_table(label: str) -> str | None:
    try:
        return apps.get_model(label)._meta.db_table
    except LookupError:  # an app left out of this installation: nothing of it is written
        return None


_registry: dict[str, Generation] = {}


def register(name: str, *, models: Iterable[str] = (), ignored: Iterable[str] = ()) -> Generation:
    """Declare a generation (once, from an app's ``ready``)."""
    generation = Generation(name, tuple(models), tuple(ignored))
    _registry[name] = generation
    return generation


def _fresh() -> int:
    # A new start, not 0: what was cached before the number was evicted stays unreachable.
    return time.time_ns()


def current(name: str) -> int | None:
    """The generation's number, made on first use; None when the cache cannot be reached (the
    caller then computes without caching)."""
    key = _registry[name].key
    try:
        value = default_cache.get_or_set(key, _fresh, None)
    except CACHE_DOWN:
        return None
    _read_here().add(name)
    return value


def _read_here(using: str = "default") -> set[str]:
    """The generations read on this connection (this thread) since it last wrote their tables:
    a write moves those on at once too, so that a read later in the same transaction, before
    the commit, does not find what was cached before the write."""
    connection = connections[using]
    read = getattr(connection, "generations_read", None)
    if read is None:
        read = connection.generations_read = set()
    return read


def cached(name: str, key: str, compute: Callable[[], T], timeout: int) -> T:
    """``compute()``, kept under generation ``name`` and the code's version for ``timeout``
    seconds (the bound on staleness if a write's bump never reached the cache); computed every
    time while the cache cannot be reached."""
    generation = current(name)
    if generation is None:
        return compute()
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    full_key = f"{name}:{generation}:{code_version()}:{digest}"
    try:
        value = default_cache.get(full_key)
    except CACHE_DOWN:
        return compute()
    if value is None:
        value = compute()
        with suppress(*CACHE_DOWN):
            default_cache.set(full_key, value, timeout)
    return value


def bump(names: Iterable[str]) -> None:
    for name in names:
        key = _registry[name].key
        try:
            try:
                default_cache.incr(key)
            except ValueError:  # not set yet, or evicted
                default_cache.set(key, _fresh(), None)
        except CACHE_DOWN:
            pass  # a change of the data never fails for the cache's sake


def following(tables: Iterable[str]) -> set[str]:
    """The generations that follow any of ``tables``."""
    tables = list(tables)
    return {g.name for g in _registry.values() if any(g.follows(t) for t in tables)}


def tables_changed(*models, using: str = "default") -> None:
    """Say that ``models`` were written some way Django's ``execute`` does not see (COPY)."""
    _schedule(following(m._meta.db_table for m in models), using)


# --- seeing the writes -------------------------------------------------------------------------

_WRITE = re.compile(
    r"""^\s*(?:
        insert\s+into | update | delete\s+from | copy
    )\s+(?:only\s+)?"?([A-Za-z0-9_]+)"?""",
    re.IGNORECASE | re.VERBOSE,
)
#: statements that read or manage the session and never write a row
_NOT_A_WRITE = re.compile(
    r"^\s*(?:select|savepoint|release|rollback|set|show|begin|commit|pragma|explain|analyze"
    r"|create|alter|drop|comment|vacuum|declare|fetch|close|listen|notify|reset|values)\b",
    re.IGNORECASE,
)


def written_table(sql: str) -> str | None:
    """The table a statement writes; ``"*"`` when it writes one or several that cannot be read
    from it (``WITH … UPDATE``, ``TRUNCATE a, b``), None when it writes none. (Schema changes
    come with a new version of the code, which is part of every key: ``code_version``.)"""
    match = _WRITE.match(sql)
    if match:
        return match.group(1)
    if _NOT_A_WRITE.match(sql):
        return None
    return _ALL


class _Pending:
    """The generations a transaction has written, moved on when it commits. One per connection,
    registered once per transaction with ``on_commit``."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def __call__(self) -> None:
        names, self.names = self.names, set()
        bump(names)


def _schedule(names: set[str], using: str) -> None:
    if not names:
        return
    connection = connections[using]
    if not connection.in_atomic_block:
        bump(names)
        return
    read = _read_here(using)
    if names & read:
        bump(names & read)
        read -= names
    pending = getattr(connection, "generations_pending", None)
    if pending is None:
        pending = connection.generations_pending = _Pending()
    pending.names |= names
    # Registered again if a rollback (of the transaction or of a savepoint) dropped it.
    if not any(callback is pending for _, callback, _ in connection.run_on_commit):
        connection.on_commit(pending)


def watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    table = written_table(sql) if isinstance(sql, str) else _ALL
    if table is not None:
        _schedule(following([table]), context["connection"].alias)
    return result


def install(sender, connection, **kwargs) -> None:
    """``connection_created``: watch the new connection's writes."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


# --- the version of the code -------------------------------------------------------------------


@cache
def code_version() -> str:
    """A digest of the project's templates, Python sources and translations: part of every
    cached page's key, so that a page rendered by older code is not served by newer code (after
    a deploy, on every host that runs the same files)."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    skip = {".venv", "node_modules", "tests", "bench", "var", "staticfiles"}
    for directory, subdirectories, files in os.walk(root):
        # Pruned in place: os.walk then does not descend into the virtualenv and the like.
        subdirectories[:] = sorted(d for d in subdirectories if d not in skip and d[0] != ".")
        for name in sorted(files):
            if name.endswith((".py", ".html", ".mo")):
                path = Path(directory, name)
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
