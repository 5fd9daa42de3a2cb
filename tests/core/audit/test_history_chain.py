"""Issue 7, point 5: the histories (nomination events, unit changes) are append-only and
hash-chained; ``verify_history`` names the first broken link and exits non-zero."""

import datetime
import itertools
from io import StringIO

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from committees import services as unit_services
from committees.models import UnitChange
from core.audit import chain
from core.audit.records import ChainHead, verify_model
from nominations import services
from nominations.models import NominationEvent
from tests.factories import UserFactory
from tests.history import raw_delete, raw_update, wipe_history
from tests.workflow_fixtures import BEFORE

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists only on PostgreSQL"
)


def verify(*chains):
    """Run the command; return (exit status, what it printed)."""
    out, err = StringIO(), StringIO()
    args = [f"--chain={name}" for name in chains]
    try:
        call_command("verify_history", *args, stdout=out, stderr=err)
    except CommandError as error:
        return 1, out.getvalue() + err.getvalue() + str(error)
    return 0, out.getvalue() + err.getvalue()


@pytest.fixture
def history(seed000):
    """Three nominations through a few steps: a dozen events in one chain."""
    for _ in range(3):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        services.appraise(seed000.staff_grassroots_a, nomination, now=BEFORE)
    events = list(NominationEvent.objects.order_by("chain_seq"))
    assert len(events) == 9
    return events


class TestTheChain:
    def test_each_event_links_to_the_one_before(self, history):
        assert [e.chain_seq for e in history] == list(range(1, 10))
        assert history[0].prev_hash == chain.GENESIS
        for before, after in itertools.pairwise(history):
            assert after.prev_hash == before.record_hash
        head = ChainHead.objects.get(name="nominations")
        assert (head.length, head.last_hash) == (9, history[-1].record_hash)

    def test_the_hash_covers_the_fields_as_read_back(self, history):
        event = NominationEvent.objects.get(pk=history[4].pk)
        assert chain.digest(event.chain_values(), event.prev_hash) == event.record_hash

    def test_an_intact_history_verifies(self, history):
        status, output = verify()
        assert status == 0
        assert "nominations (nominations.NominationEvent): 9 records, chain intact" in output

    def test_unit_changes_are_chained_too(self, city_tree):
        unit_services.rename_unit(
            city_tree.cell_a1, "Chi bộ khu vực Một", effective_on=datetime.date(2025, 1, 2)
        )
        unit_services.close_unit(city_tree.cell_b2, effective_on=datetime.date(2025, 2, 1))
        changes = list(UnitChange.objects.order_by("chain_seq"))
        assert [c.chain_seq for c in changes] == [1, 2]
        assert changes[1].prev_hash == changes[0].record_hash
        assert verify("units")[0] == 0

    @pytest.mark.parametrize("model", [NominationEvent, UnitChange])
    def test_every_field_is_hashed(self, model):
        """A field added later must join the hash (and a migration re-chain the rows)."""
        fields = {f.name for f in model._meta.concrete_fields}
        assert set(model.chain_fields) == fields - {"id", "chain_seq", "prev_hash", "record_hash"}

    def test_canonical_form_is_fixed(self):
        # Keys sorted, no spaces, UTF-8, datetimes in UTC to the microsecond: a change of
        # format would silently break every stored hash, so it is pinned here.
        moment = datetime.datetime(
            2025, 1, 10, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7))
        )
        assert chain.canonical({"reason": "Đạt", "at": moment, "unit": 3, "x": None}) == (
            '{"at":"2025-01-10T02:00:00.000000Z","reason":"Đạt","unit":3,"x":null}'.encode()
        )


class TestTamperingIsDetected:
    """Someone with database access changes or deletes rows behind the application."""

    def test_a_changed_reason_is_reported_at_that_record(self, history):
        target = history[4]
        raw_update(NominationEvent, target.pk, "reason", "Lý do đã bị sửa")
        status, output = verify("nominations")
        assert status == 1
        assert f"BROKEN at record #5 (id {target.pk}): its content was changed" in output
        checked, failure = verify_model(NominationEvent)
        assert (checked, failure.seq, failure.pk) == (4, 5, target.pk)

    def test_a_changed_moment_is_reported(self, history):
        target = history[0]
        raw_update(NominationEvent, target.pk, "at", target.at - datetime.timedelta(days=1))
        assert verify_model(NominationEvent)[1].seq == 1

    def test_a_recomputed_hash_breaks_the_next_link(self, history):
        # Changing a record and its own hash is not enough: the next one points at the old.
        target = history[2]
        raw_update(NominationEvent, target.pk, "reason", "sửa")
        target.reason = "sửa"
        raw_update(
            NominationEvent,
            target.pk,
            "record_hash",
            chain.digest(target.chain_values(), target.prev_hash),
        )
        failure = verify_model(NominationEvent)[1]
        assert (failure.seq, failure.problem) == (4, "it does not link to the record before it")

    def test_a_record_deleted_in_the_middle(self, history):
        raw_delete(NominationEvent, history[5].pk)
        status, output = verify("nominations")
        assert status == 1
        assert (
            f"BROKEN at record #7 (id {history[6].pk}): the record(s) before it (#6) were deleted"
        ) in output

    def test_the_last_record_deleted(self, history):
        raw_delete(NominationEvent, history[-1].pk)
        status, output = verify("nominations")
        assert status == 1
        assert "it ends at record #8 but #9 was written" in output

    def test_a_changed_unit_change(self, city_tree):
        unit_services.rename_unit(
            city_tree.cell_a1, "Chi bộ khu vực Một", effective_on=datetime.date(2025, 1, 2)
        )
        change = UnitChange.objects.get()
        raw_update(UnitChange, change.pk, "new_value", "Chi bộ khác")
        status, output = verify()
        assert status == 1
        assert f"units (committees.UnitChange): BROKEN at record #1 (id {change.pk})" in output

    def test_only_the_broken_chain_is_reported(self, history, city_tree):
        unit_services.rename_unit(
            city_tree.cell_a1, "Chi bộ khu vực Một", effective_on=datetime.date(2025, 1, 2)
        )
        raw_update(NominationEvent, history[0].pk, "to_state", "honored")
        status, output = verify()
        assert status == 1
        assert "units (committees.UnitChange): 1 records, chain intact" in output
        assert "History tampered with: nominations" in output


class TestTheApplicationRefusesChanges:
    def test_saving_an_existing_event(self, history):
        event = NominationEvent.objects.get(pk=history[0].pk)
        event.reason = "sửa"
        with pytest.raises(ValidationError, match="Không được sửa lịch sử của hồ sơ đề nghị"):
            event.save()
        with pytest.raises(ValidationError, match="Không được xóa lịch sử của hồ sơ đề nghị"):
            event.delete()

    @pytest.mark.parametrize("model", [NominationEvent, UnitChange])
    def test_queryset_update_and_delete(self, history, model):
        changed, deleted = {
            NominationEvent: ("Không được sửa lịch sử", "Không được xóa lịch sử"),
            UnitChange: ("Không thể sửa lịch sử của đơn vị", "Không thể xoá lịch sử của đơn vị"),
        }[model]
        with pytest.raises(ValidationError, match=changed):
            model.objects.update(note="x") if model is UnitChange else model.objects.update(
                reason="x"
            )
        with pytest.raises(ValidationError, match=deleted):
            model.objects.all().delete()
        with pytest.raises(ValidationError, match=changed):
            model.objects.bulk_update(list(model.objects.all()), ["pk"])

    def test_a_unit_change_cannot_be_saved_again(self, city_tree):
        unit_services.rename_unit(
            city_tree.cell_a1, "Chi bộ khu vực Một", effective_on=datetime.date(2025, 1, 2)
        )
        change = UnitChange.objects.get()
        change.note = "sửa"
        with pytest.raises(ValidationError, match="Không thể sửa lịch sử của đơn vị"):
            change.save()

    def test_nothing_is_written_when_the_chain_refuses(self, history):
        before = verify_model(NominationEvent)
        with pytest.raises(ValidationError, match="Không được sửa lịch sử của hồ sơ đề nghị"):
            NominationEvent.objects.get(pk=history[3].pk).save()
        assert verify_model(NominationEvent) == before

    @pytest.mark.parametrize("model", [NominationEvent, UnitChange])
    def test_the_admin_shows_but_never_changes(self, client, history, model):
        admin = UserFactory(is_staff=True, is_superuser=True)
        client.force_login(admin)
        if model is UnitChange:
            unit_services.rename_unit(
                history[0].nomination.filing_unit,
                "Chi bộ mới",
                effective_on=datetime.date(2025, 1, 2),
            )
        row = model.objects.order_by("pk").first()
        model_admin = site._registry[model]
        assert not model_admin.has_change_permission(None, row)
        assert not model_admin.has_delete_permission(None, row)
        info = model._meta.app_label, model._meta.model_name
        change_url = reverse("admin:{}_{}_change".format(*info), args=[row.pk])
        assert client.post(change_url, {"reason": "x", "note": "x"}).status_code == 403
        delete_url = reverse("admin:{}_{}_delete".format(*info), args=[row.pk])
        assert client.post(delete_url, {"post": "yes"}).status_code == 403
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        client.post(
            changelist, {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
        )
        assert model.objects.filter(pk=row.pk).exists()
        assert verify()[0] == 0


@pytest.mark.postgres
@on_postgres
class TestTheTrigger:
    """The database itself refuses, whatever code runs the SQL."""

    @pytest.mark.parametrize("model", [NominationEvent, UnitChange])
    @pytest.mark.parametrize("statement", ["UPDATE {table} SET id = id", "DELETE FROM {table}"])
    def test_update_and_delete_are_refused(self, history, city_tree, model, statement):
        unit_services.rename_unit(
            city_tree.cell_a1, "Chi bộ khu vực Một", effective_on=datetime.date(2025, 1, 2)
        )
        count = model.objects.count()
        table = connection.ops.quote_name(model._meta.db_table)
        with (
            pytest.raises(DatabaseError, match="Cannot update or delete rows"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement.format(table=table))
        assert model.objects.count() == count
        assert verify()[0] == 0

    def test_inserting_is_allowed(self, history):
        assert NominationEvent.objects.count() == 9

    @pytest.mark.parametrize("model", [NominationEvent, UnitChange, ChainHead])
    def test_a_history_table_cannot_be_emptied(self, history, city_tree, model):
        count = model.objects.count()
        table = connection.ops.quote_name(model._meta.db_table)
        with (
            pytest.raises(DatabaseError, match="Cannot truncate"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            # Deferred foreign-key checks still pending would refuse TRUNCATE on their own.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {table} CASCADE")
        assert model.objects.count() == count
        assert verify()[0] == 0

    def test_the_head_cannot_be_deleted(self, history):
        with (
            pytest.raises(DatabaseError, match="Cannot delete rows"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("DELETE FROM committees_chainhead WHERE name = 'nominations'")
        assert ChainHead.objects.get(name="nominations").length == 9

    @pytest.mark.parametrize("length", [8, 9, 0])
    def test_the_head_never_moves_back_or_is_rewritten_in_place(self, history, length):
        with (
            pytest.raises(DatabaseError, match="Cannot update rows"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(
                "UPDATE committees_chainhead SET length = %s, last_hash = %s "
                "WHERE name = 'nominations'",
                [length, chain.GENESIS],
            )
        assert ChainHead.objects.get(name="nominations").length == 9


def test_a_history_erased_with_its_head_is_reported(history):
    # As someone past the triggers could: every event and the head gone, the nominations left.
    wipe_history(NominationEvent)
    status, output = verify("nominations")
    assert status == 1
    assert "head is missing although the data shows there was history" in output


def test_a_chain_that_never_started_is_intact(db):
    status, output = verify("nominations")
    assert status == 0
    assert "nominations (nominations.NominationEvent): 0 records, chain intact" in output


def test_bulk_append_continues_the_chain_as_save_would(history):
    """The dataset generator's writer: positions and hashes computed in Python, one insert."""
    from core.audit.records import bulk_append

    last = history[-1]
    rows = [
        NominationEvent(
            nomination=last.nomination,
            from_state=last.to_state,
            to_state=last.to_state,
            reason=f"bulk {i}",
        )
        for i in range(3)
    ]
    bulk_append(NominationEvent, rows)
    assert [r.chain_seq for r in rows] == [10, 11, 12]
    assert rows[0].prev_hash == last.record_hash
    assert verify("nominations")[0] == 0
    head = ChainHead.objects.get(name="nominations")
    assert (head.length, head.last_hash) == (12, rows[-1].record_hash)
    # A written row cannot be appended again.
    with pytest.raises(ValidationError, match="Không được sửa lịch sử của hồ sơ đề nghị"):
        bulk_append(NominationEvent, [NominationEvent.objects.get(chain_seq=12)])
