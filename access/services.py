from __future__ import annotations

import datetime

import pgtrigger
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from core.reads import Read

from .models import ReadRecord


def write_reads(user, reads: list[Read], *, ip_address: str, path: str) -> None:
    now = timezone.now()
    ReadRecord.objects.bulk_create(
        ReadRecord(
            at=now,
            user=user,
            kind=read.kind,
            label=read.label,
            object_id=read.object_id,
            unit_id=read.unit_id,
            ip_address=ip_address or None,
            path=path[:500],
        )
        for read in reads
    )


@transaction.atomic
def remove_expired(now: datetime.datetime | None = None) -> int:
    """The retention: records older than ``READ_RECORDS_KEEP_DAYS`` go, the only deletion the
    table allows (past its trigger, for this statement only)."""
    limit = (now or timezone.now()) - datetime.timedelta(days=settings.READ_RECORDS_KEEP_DAYS)
    expired = ReadRecord.objects.unscoped("the retention spans the tree").filter(at__lt=limit)
    if connection.vendor == "postgresql":
        with pgtrigger.ignore("access.ReadRecord:append_only"):
            return expired._raw_delete(connection.alias)
    return expired._raw_delete(connection.alias)
