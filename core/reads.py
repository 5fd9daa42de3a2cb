"""Who read what: a view notes each read of sensitive data (a person's page, a document, an
evidence file, an export, a bundle) with ``note_read``; the ``access`` app writes the request's
reads in one insert once the view has answered, so reading them costs a page one query.

Here, below every app, so that any view may note a read without importing the app that keeps
them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


class ReadKind:
    PERSON = "person"
    DOCUMENT = "document"
    EVIDENCE = "evidence"
    EXPORT = "export"
    BUNDLE = "bundle"


@dataclass(frozen=True)
class Read:
    kind: str
    #: what was read, as the reader saw it (a name, a file name): kept even if it is renamed
    label: str
    #: the unit whose data it is, for the unit admin's view of its subtree
    unit_id: int | None
    object_id: str = ""


_reads: ContextVar[list[Read] | None] = ContextVar("reads", default=None)


def note_read(kind: str, label: str, *, unit_id: int | None, object_id: object = "") -> None:
    """Record that the current request read this; outside a request (a command) nothing."""
    reads = _reads.get()
    if reads is not None:
        reads.append(Read(kind, str(label)[:255], unit_id, str(object_id)[:64]))


@contextmanager
def collecting() -> Iterator[list[Read]]:
    reads: list[Read] = []
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)
