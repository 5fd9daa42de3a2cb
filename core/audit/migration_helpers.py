"""For the data migrations that chain the rows written before the chain existed.

Frozen on purpose: a migration passes the field list as it was then, so a later change to a
model's ``chain_fields`` never changes what an old migration computes.
"""

from . import chain


def chain_head_model(apps):
    """``ChainHead`` as the migration state has it: in ``core`` since ``core.0001``, in
    ``committees`` before (the same table)."""
    try:
        return apps.get_model("core", "ChainHead")
    except LookupError:
        return apps.get_model("committees", "ChainHead")


def chain_existing_rows(
    apps, schema_editor, *, model: str, chain_name: str, fields: tuple[str, ...]
) -> None:
    """Hash the rows of ``model`` (``"app.Model"``) in the order they were written (by id)
    and record the head of ``chain_name``."""
    Model = apps.get_model(model)
    ChainHead = chain_head_model(apps)
    using = schema_editor.connection.alias
    attnames = [Model._meta.get_field(name).attname for name in fields]
    prev_hash, seq = chain.GENESIS, 0
    rows = Model._base_manager.using(using).order_by("pk").values("pk", *attnames)
    for row in rows.iterator(chunk_size=2000):
        seq += 1
        values = {name: row[attname] for name, attname in zip(fields, attnames, strict=True)}
        values["chain_seq"] = seq
        record_hash = chain.digest(values, prev_hash)
        Model._base_manager.using(using).filter(pk=row["pk"]).update(
            chain_seq=seq, prev_hash=prev_hash, record_hash=record_hash
        )
        prev_hash = record_hash
    ChainHead.objects.using(using).update_or_create(
        name=chain_name, defaults={"length": seq, "last_hash": prev_hash}
    )
