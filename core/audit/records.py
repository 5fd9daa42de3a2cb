"""Append-only, hash-chained history.

A history model (``nominations.NominationEvent``, ``committees.UnitChange``) inherits
``ChainedRecord``: its rows are written once and never changed or deleted through the
application (``save`` on an existing row, ``delete``, and queryset ``update``/``delete`` all
raise), PostgreSQL refuses UPDATE and DELETE with a trigger (django-pgtrigger, declared on
each model), and each row carries a hash chaining it to the row before it
(``core.audit.chain``), which ``manage.py verify_history`` checks.

Rows of one chain are written one at a time: inserting takes the chain's ``ChainHead`` row
with ``SELECT … FOR UPDATE`` right before the insert and keeps it until the transaction
commits, so two transitions committing at once cannot both link to the same predecessor.
``bulk_append`` writes many rows under the same lock with bulk inserts (the dataset generator).
"""

from __future__ import annotations

import pgtrigger
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, router, transaction
from django.utils.translation import gettext_lazy as _

from . import chain


def refuse_truncate() -> pgtrigger.Trigger:
    """TRUNCATE skips row triggers, so emptying a table needs a statement trigger of its own."""
    return pgtrigger.Trigger(
        name="no_truncate",
        operation=pgtrigger.Truncate,
        level=pgtrigger.Statement,
        when=pgtrigger.Before,
        func="RAISE EXCEPTION 'pgtrigger: Cannot truncate % table', TG_TABLE_NAME;",
    )


def append_only_triggers() -> list[pgtrigger.Trigger]:
    """The PostgreSQL triggers of a history table: no row is changed or deleted, and the table
    is never emptied."""
    return [
        pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        refuse_truncate(),
    ]


class ChainHead(models.Model):
    """The last link of one chain: its length and hash. Its row is the chain's mutex, and it
    tells a chain whose last records were deleted from a complete one."""

    name = models.CharField(max_length=64, primary_key=True)
    length = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=chain.GENESIS)

    class Meta:
        # Its table kept its name when the model moved here from ``committees``.
        db_table = "committees_chainhead"
        verbose_name = _("history chain")
        verbose_name_plural = _("history chains")
        # A head deleted or moved back would let the records after it go unnoticed: it only
        # ever moves forward, to a new position.
        triggers = [
            pgtrigger.Protect(name="kept", operation=pgtrigger.Delete),
            refuse_truncate(),
            pgtrigger.Protect(
                name="only_forward",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(new__length__lte=pgtrigger.F("old__length")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} #{self.length}"

    @classmethod
    def locked(cls, name: str, using: str) -> ChainHead:
        """The head of chain ``name``, locked until the transaction ends (created when a test
        database was emptied or the chain is new)."""
        rows = cls.objects.using(using).select_for_update()
        head = rows.filter(name=name).first()
        if head is not None:
            return head
        try:
            with transaction.atomic(using=using):
                cls.objects.using(using).create(name=name)
        except IntegrityError:
            pass  # created by a concurrent transaction, which has committed: lock it
        return rows.get(name=name)


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(self.model.immutable_message)

    def delete(self):
        raise ValidationError(self.model.undeletable_message)

    def bulk_update(self, objs, fields, batch_size=None):
        raise ValidationError(self.model.immutable_message)

    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create skips ``save``, which writes the chain: one row at a time instead.
        for obj in objs:
            obj.save(using=self.db)
        return objs


class ChainedRecord(models.Model):
    """An append-only row of the hash chain ``chain_name``; ``chain_fields`` are hashed."""

    chain_seq = models.PositiveBigIntegerField(
        _("position in the history"), unique=True, editable=False
    )
    prev_hash = models.CharField(max_length=64, editable=False)
    record_hash = models.CharField(max_length=64, editable=False)

    chain_name: str = ""
    chain_fields: tuple[str, ...] = ()
    immutable_message = _("This history cannot be changed.")
    undeletable_message = _("This history cannot be deleted.")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding or self.pk is not None:
            raise ValidationError(self.immutable_message)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        # No savepoint of its own: a history that cannot be written fails the whole change.
        with transaction.atomic(using=using, savepoint=False):
            # Last before the insert, held until the commit: the chain never forks.
            head = ChainHead.locked(self.chain_name, using)
            self.chain_seq = head.length + 1
            self.prev_hash = head.last_hash
            self.record_hash = chain.digest(self.chain_values(), self.prev_hash)
            super().save(*args, **kwargs)
            ChainHead.objects.using(using).filter(pk=head.pk).update(
                length=self.chain_seq, last_hash=self.record_hash
            )

    def delete(self, *args, **kwargs):
        raise ValidationError(self.undeletable_message)

    @classmethod
    def history_expected(cls, using: str) -> bool:
        """Whether the data shows this chain must have records: a chain emptied together with
        its head would otherwise look like one that never started."""
        return False

    def chain_values(self) -> dict[str, object]:
        """What the hash covers: the chained fields (foreign keys by id) and the position."""
        values = {}
        for name in self.chain_fields:
            field = self._meta.get_field(name)
            value = getattr(self, field.attname)
            # As the database gives it back: a date for a date field given a string, etc.
            values[name] = value if field.is_relation else field.to_python(value)
        values["chain_seq"] = self.chain_seq
        return values


def bulk_append(
    model: type[ChainedRecord],
    objs: list[ChainedRecord],
    *,
    batch_size: int | None = None,
    using: str | None = None,
) -> list[ChainedRecord]:
    """Append ``objs`` to ``model``'s chain with bulk inserts: the positions and hashes are
    computed here, in order, under the chain head's lock, and the head is moved once.

    For writers of many rows at once (the dataset generator); each row gets exactly what
    ``ChainedRecord.save`` would have given it, so ``verify_history`` accepts the result.
    """
    using = using or router.db_for_write(model)
    with transaction.atomic(using=using, savepoint=False):
        head = ChainHead.locked(model.chain_name, using)
        seq, prev_hash = head.length, head.last_hash
        for obj in objs:
            if not obj._state.adding or obj.pk is not None:
                raise ValidationError(model.immutable_message)
            seq += 1
            obj.chain_seq, obj.prev_hash = seq, prev_hash
            obj.record_hash = prev_hash = chain.digest(obj.chain_values(), prev_hash)
        # The plain QuerySet's bulk_create: the append-only one writes one row at a time.
        models.QuerySet(model, using=using).bulk_create(objs, batch_size=batch_size)
        ChainHead.objects.using(using).filter(pk=head.pk).update(length=seq, last_hash=prev_hash)
    return objs


def chain_rows(model: type[ChainedRecord], using: str = "default"):
    """The rows of ``model``'s chain in order, as ``chain.Row`` (streamed)."""
    names = [model._meta.get_field(name).attname for name in model.chain_fields]
    for values in (
        model._base_manager.using(using)
        .order_by("chain_seq", "pk")
        .values("pk", "chain_seq", "prev_hash", "record_hash", *names)
        .iterator(chunk_size=2000)
    ):
        fields = {
            name: values[attname] for name, attname in zip(model.chain_fields, names, strict=True)
        }
        fields["chain_seq"] = values["chain_seq"]
        yield chain.Row(
            values["pk"], values["chain_seq"], values["prev_hash"], values["record_hash"], fields
        )


def verify_model(
    model: type[ChainedRecord], using: str = "default"
) -> tuple[int, chain.Break | None]:
    head = ChainHead.objects.using(using).filter(name=model.chain_name).first()
    if head is None and model.history_expected(using):
        return 0, chain.Break(
            None, None, "its head is missing although the data shows there was history"
        )
    return chain.verify(
        chain_rows(model, using),
        head_length=head.length if head else 0,
        head_hash=head.last_hash if head else chain.GENESIS,
    )


def chained_models() -> list[type[ChainedRecord]]:
    from django.apps import apps

    return [model for model in apps.get_models() if issubclass(model, ChainedRecord)]
