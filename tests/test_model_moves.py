"""The models that moved to public_votes, reports and movements kept their tables: an existing
database migrates forward with every row in place, the moved rows readable through the new
apps, their content types (and so the permissions granted on them) following them, and the
hash chains still verifying."""

import datetime
import uuid
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from committees import services as unit_services
from committees.models import UnitChange
from core.audit.records import chained_models
from movements.models import Judgement, JudgementChange, MovementRegistration
from nominations.models import NominationEvent
from public_votes.models import Ballot, BallotChoice, PublicVote
from reports.models import ReportState, UnitReport

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.migrations]

#: the last migration of each app before the moves, and the new apps unapplied
BEFORE_THE_MOVES = [
    ("campaigns", "0006_milestone_report"),
    ("dossiers", "0003_unit_reports"),
    ("nominations", "0006_nomination_queue_order"),
    ("movements", None),
    ("reports", None),
    ("public_votes", None),
]
AT = timezone.make_aware(datetime.datetime(2025, 3, 1, 9, 0))


def migrate(targets):
    """Migrate to ``targets``; the models as they are in the database then."""
    MigrationExecutor(connection).migrate(list(targets))
    ContentType.objects.clear_cache()
    loader = MigrationExecutor(connection).loader  # reads what is applied now
    return loader.project_state(list(loader.applied_migrations)).apps


def chains():
    return {
        model: list(model.objects.order_by("pk").values_list("pk", "chain_seq", "record_hash"))
        for model in (NominationEvent, UnitChange)
    }


def write_old_rows(old, seed000, nomination) -> dict:
    """Rows written through the models as they were before the moves (the old app labels)."""
    user_id, unit_id = seed000.staff_grassroots_a.pk, seed000.tree.grassroots_a.pk
    movement = old.get_model("campaigns", "Movement").objects.create(
        campaign_id=seed000.campaign.pk, first_year=2023, last_year=2025
    )
    old.get_model("campaigns", "MovementRegistration").objects.create(
        movement=movement, unit_id=unit_id, registered_at=AT, content="Cam kết"
    )
    judgement = old.get_model("campaigns", "Judgement").objects.create(
        movement=movement, unit_id=unit_id, year=2024, political_task=True, judged_at=AT
    )
    old.get_model("campaigns", "JudgementChange").objects.create(
        judgement=judgement, political_task=True, changed_at=AT, source="form"
    )
    request = old.get_model("campaigns", "ReportRequest").objects.create(
        campaign_id=seed000.campaign.pk, code="so-ket", title="Sơ kết", due_at=AT
    )
    report = old.get_model("dossiers", "UnitReport").objects.create(
        public_id=uuid.uuid4(),
        request=request,
        unit_id=unit_id,
        sections={"I": "Tình hình"},
        state="submitted",
        updated_by_id=user_id,
        updated_at=AT,
        submitted_by_id=user_id,
        submitted_at=AT,
    )
    vote = old.get_model("nominations", "PublicVote").objects.create(
        campaign_id=seed000.campaign.pk,
        level_id=seed000.grassroots.pk,
        unit_id=unit_id,
        title="Bình chọn",
        min_shortlist=1,
        max_shortlist=2,
        max_choices=1,
        honor_count=1,
        created_by_id=user_id,
    )
    entry = old.get_model("nominations", "ShortlistEntry").objects.create(
        vote=vote, nomination_id=nomination.pk, summary="Gương mẫu", order=1
    )
    ballot = old.get_model("nominations", "Ballot").objects.create(
        vote=vote, voter_hash="a" * 64, receipt="R1", cast_at=AT
    )
    old.get_model("nominations", "BallotChoice").objects.create(ballot=ballot, entry=entry)
    # A permission granted on a moved model, through the old app's content type.
    content_type = old.get_model("contenttypes", "ContentType").objects.get(
        app_label="campaigns", model="judgement"
    )
    group = old.get_model("auth", "Group").objects.create(name="judges")
    group.permissions.add(
        old.get_model("auth", "Permission").objects.get(
            content_type=content_type, codename="change_judgement"
        )
    )
    return {"judgement": judgement.pk, "report": report.public_id, "vote": vote.pk}


def test_moved_rows_survive_and_chains_verify(seed000):
    nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
    unit_services.rename_unit(
        seed000.tree.cell_a2, "Chi bộ khu vực Hai", effective_on=datetime.date(2025, 1, 2)
    )
    written = chains()
    assert written[NominationEvent] and written[UnitChange]
    judgement_type = ContentType.objects.get_for_model(Judgement).pk
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = migrate(BEFORE_THE_MOVES)
        ids = write_old_rows(old, seed000, nomination)
        migrate(latest)
    finally:
        migrate(latest)

    judgement = Judgement.objects.get(pk=ids["judgement"])
    assert (judgement.year, judgement.political_task, judgement.unit) == (
        2024,
        True,
        seed000.tree.grassroots_a,
    )
    assert [c.source for c in judgement.changes.all()] == ["form"]
    assert JudgementChange.objects.count() == 1
    assert MovementRegistration.objects.get().content == "Cam kết"
    report = UnitReport.objects.get(public_id=ids["report"])
    assert report.state == ReportState.SUBMITTED and report.text_of("I") == "Tình hình"
    assert report.request.code == "so-ket"
    vote = PublicVote.objects.get(pk=ids["vote"])
    assert [e.nomination for e in vote.entries.all()] == [nomination]
    assert Ballot.objects.get().vote == vote and BallotChoice.objects.count() == 1

    # The content type changed label and kept its id: the group's permission followed it.
    assert ContentType.objects.get_for_model(Judgement).pk == judgement_type
    group = Group.objects.get(name="judges")
    assert [f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()] == [
        "movements.change_judgement"
    ]
    assert not Permission.objects.filter(
        content_type__app_label="campaigns", codename="change_judgement"
    ).exists()

    assert chains() == written
    out = StringIO()
    call_command("verify_history", stdout=out)  # raises CommandError on a broken link
    assert out.getvalue().count("chain intact") == len(chained_models())  # every chain, intact
