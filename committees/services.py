"""Operations on the tree. Each one checks, locks, changes and records, in one transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Person, Unit, UnitChange, UnitChangeKind, UnitStatus, normalize_text


def _require_active(unit: Unit) -> None:
    if not unit.is_active:
        raise ValidationError(
            _("Unit %(name)s is no longer active (%(status)s).")
            % {"name": unit.name, "status": unit.get_status_display()}
        )


@transaction.atomic
def create_unit(
    *,
    parent: Unit | None,
    code: str,
    name: str,
    kind: str,
    by=None,
    effective_on: datetime.date | None = None,
    **fields,
) -> Unit:
    unit = Unit(code=code, name=name, kind=kind, **fields)
    unit = (
        Unit.objects.add_child(parent, instance=unit)
        if parent
        else Unit.objects.add_root(instance=unit)
    )
    UnitChange.objects.create(
        unit=unit,
        kind=UnitChangeKind.CREATED,
        new_value=unit.name,
        effective_on=effective_on or datetime.date.today(),
        recorded_by=by,
    )
    return unit


@transaction.atomic
def rename_unit(
    unit: Unit, new_name: str, *, effective_on: datetime.date, by=None, note: str = ""
) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _require_active(unit)
    new_name = normalize_text(new_name)
    if not new_name:
        raise ValidationError({"name": _("The new name cannot be empty.")})
    if new_name == unit.name:
        return unit
    UnitChange.objects.create(
        unit=unit,
        kind=UnitChangeKind.RENAMED,
        old_value=unit.name,
        new_value=new_name,
        effective_on=effective_on,
        recorded_by=by,
        note=note,
    )
    unit.name = new_name
    unit.save(update_fields=["name", "updated_at"])
    return unit


@transaction.atomic
def move_unit(
    unit: Unit, new_parent: Unit, *, effective_on: datetime.date, by=None, note: str = ""
) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    new_parent = Unit.objects.get(pk=new_parent.pk)
    _require_active(unit)
    _require_active(new_parent)
    if unit.contains(new_parent):
        raise ValidationError(_("A unit cannot be moved under itself or one of its own units."))
    old_parent = Unit.objects.get_parent(unit)
    if old_parent and old_parent.pk == new_parent.pk:
        return unit
    Unit.objects.move(unit, new_parent, pos="last-child")
    unit.refresh_from_db()
    UnitChange.objects.create(
        unit=unit,
        kind=UnitChangeKind.MOVED,
        old_value=old_parent.code if old_parent else "",
        new_value=new_parent.code,
        related_unit=new_parent,
        effective_on=effective_on,
        recorded_by=by,
        note=note,
    )
    return unit


@transaction.atomic
def merge_units(
    source: Unit, target: Unit, *, effective_on: datetime.date, by=None, note: str = ""
) -> Unit:
    """Fold ``source`` into ``target``: its units and people move over, the source row stays.

    Nominations keep pointing at the source, so their history still names the unit that filed
    them; the merged unit is read-only from then on.
    """
    source = Unit.objects.select_for_update().get(pk=source.pk)
    target = Unit.objects.select_for_update().get(pk=target.pk)
    _require_active(source)
    _require_active(target)
    if source.pk == target.pk or source.contains(target) or target.contains(source):
        raise ValidationError(_("A unit can only be merged into a unit outside its own branch."))
    for child in list(Unit.objects.get_children(source)):
        Unit.objects.move(child, target, pos="last-child")
    Person.objects.unscoped("a merge moves the source's people").filter(unit=source).update(
        unit=target
    )
    source.refresh_from_db()
    source.status = UnitStatus.MERGED
    source.closed_on = effective_on
    source.merged_into = target
    source.save(update_fields=["status", "closed_on", "merged_into", "updated_at"])
    UnitChange.objects.create(
        unit=source,
        kind=UnitChangeKind.MERGED,
        old_value=source.name,
        new_value=target.name,
        related_unit=target,
        effective_on=effective_on,
        recorded_by=by,
        note=note,
    )
    UnitChange.objects.create(
        unit=target,
        kind=UnitChangeKind.ABSORBED,
        old_value=source.name,
        new_value=target.name,
        related_unit=source,
        effective_on=effective_on,
        recorded_by=by,
        note=note,
    )
    return target


@transaction.atomic
def close_unit(unit: Unit, *, effective_on: datetime.date, by=None, note: str = "") -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _require_active(unit)
    if Unit.objects.get_children(unit).filter(status=UnitStatus.ACTIVE).exists():
        raise ValidationError(
            _("Close or move the units under %(name)s first.") % {"name": unit.name}
        )
    if unit.people.exists():
        raise ValidationError(
            _("Move the people of %(name)s to another unit first.") % {"name": unit.name}
        )
    unit.status = UnitStatus.CLOSED
    unit.closed_on = effective_on
    unit.save(update_fields=["status", "closed_on", "updated_at"])
    UnitChange.objects.create(
        unit=unit,
        kind=UnitChangeKind.CLOSED,
        old_value=unit.name,
        effective_on=effective_on,
        recorded_by=by,
        note=note,
    )
    return unit
