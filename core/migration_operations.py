"""Operations that the migrations moving a model between apps share.

Frozen on purpose, like ``core.audit.migration_helpers``: migrations already applied call it, so
what it does must not change; a new need gets a new function.
"""

from __future__ import annotations

from django.db import migrations


def _relabel(old: str, new: str, names: tuple[str, ...]):
    def run(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        rows = ContentType.objects.using(schema_editor.connection.alias)
        for model in names:
            # A database that already has the new label (created after the move) keeps it.
            if not rows.filter(app_label=new, model=model).exists():
                rows.filter(app_label=old, model=model).update(app_label=new)

    return run


def move_content_types(old: str, new: str, names: tuple[str, ...]) -> migrations.RunPython:
    """The models ``names`` moved from app ``old`` to ``new`` (their tables kept): their content
    types change app label, so the permissions and admin log entries that name them follow.
    Reversible: migrating back gives the old label back."""
    return migrations.RunPython(_relabel(old, new, names), _relabel(new, old, names))
