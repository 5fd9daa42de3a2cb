"""Issue 7, point 6: a backup holds the database and every uploaded file; restoring it into an
emptied database gives back every nomination, every history record and every file."""

import hashlib
import json
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from committees import services as unit_services
from committees.models import Person, Unit, UnitChange
from core import backups as archive
from core.audit.records import ChainHead
from nominations import evidence as dossier_services
from nominations import services
from nominations.models import Evidence, Nomination, NominationEvent
from nominations.samples import sample_pdf
from tests.workflow_fixtures import BEFORE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media")]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40


@pytest.fixture
def records(seed000, media):
    """Nominations in several states with uploaded evidence, and a renamed unit."""
    uploads = [
        ("Báo cáo thành tích.pdf", sample_pdf("Báo cáo")),
        ("Ảnh hoạt động.png", PNG),
        ("Giấy khen.jpg", JPEG),
    ]
    for i in range(4):
        draft = services.save_draft(
            seed000.secretary_a1,
            seed000.campaign,
            seed000.tree.cell_a1,
            services.Draft(
                category=seed000.members,
                person=seed000.member(seed000.tree.cell_a1),
                achievement_summary=f"Gương mẫu, sáng kiến số {i}.",
            ),
        )
        for name, data in uploads[: i % 3 + 1]:
            dossier_services.attach_evidence(
                seed000.secretary_a1, draft, SimpleUploadedFile(name, data)
            )
        if i:
            services.submit(seed000.secretary_a1, draft, now=BEFORE)
        if i > 1:
            services.appraise(seed000.staff_grassroots_a, draft, now=BEFORE)
    unit_services.rename_unit(
        seed000.tree.cell_a2, "Chi bộ khu vực Hai", effective_on=BEFORE.date()
    )
    # A zip still being built is not part of any backup.
    partial = Path(media) / "bundles" / "partial" / "x.zip.part"
    partial.parent.mkdir(parents=True)
    partial.write_bytes(b"half")
    return seed000


def snapshot(media_root) -> dict:
    files = {}
    for path in sorted(Path(media_root).rglob("*")):
        if path.is_file() and "partial" not in path.parts:
            files[path.relative_to(media_root).as_posix()] = hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
    return {
        "nominations": list(Nomination.objects.order_by("pk").values()),
        "events": list(NominationEvent.objects.order_by("pk").values()),
        "unit_changes": list(UnitChange.objects.order_by("pk").values()),
        "evidence": list(Evidence.objects.order_by("pk").values()),
        "units": list(Unit.objects.order_by("pk").values("pk", "path", "name", "status")),
        "people": Person.objects.count(),
        "files": files,
    }


def empty_database():
    """As after a disaster: no tables at all on PostgreSQL, no rows on SQLite."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    else:
        call_command("flush", interactive=False, verbosity=0)


def remove_tree(root: Path):
    for path in sorted(root.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()


def test_round_trip_into_an_emptied_database(records, media, tmp_path):
    before = snapshot(media)
    assert len(before["files"]) == 7 and len(before["events"]) == 9

    out = StringIO()
    call_command("backup", output=str(tmp_path), stdout=out)
    [backup_file] = tmp_path.glob("backup-*.tar")
    assert "the database and 7 files" in out.getvalue()

    empty_database()
    remove_tree(Path(media))
    if connection.vendor == "sqlite":
        assert Nomination.objects.count() == 0

    out = StringIO()
    call_command("restore", str(backup_file), interactive=False, stdout=out)
    assert "the database and 7 files" in out.getvalue()
    assert "nominations (nominations.NominationEvent): 9 records, chain intact" in out.getvalue()
    after = snapshot(media)
    assert after == before
    if connection.vendor == "postgresql":
        # The append-only trigger came back with the tables.
        with (
            pytest.raises(DatabaseError, match="Cannot update or delete rows"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("DELETE FROM nominations_nominationevent")
    # Every uploaded file is the one its row names, byte for byte.
    for evidence in Evidence.objects.all():
        with evidence.file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == evidence.sha256


def test_the_manifest_lists_every_member_with_its_checksum(records, media, tmp_path):
    target = tmp_path / "out" / "nightly.tar"
    result = archive.create_backup(target)
    assert result.path == target and result.files == 7
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    with tarfile.open(target) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["engine"] == connection.vendor
    assert {m["name"] for m in manifest["members"]} | {"manifest.json"} == names
    assert not any("partial" in name for name in names)
    assert manifest["migrations"]["nominations"].startswith("00")
    # The heads travel outside the database, where the application's role cannot rewrite them.
    head = ChainHead.objects.get(name="nominations")
    assert manifest["chain_heads"]["nominations"] == {"length": 9, "last_hash": head.last_hash}


def tamper(backup: Path, member: str, data: bytes, tmp_path) -> Path:
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(backup) as source, tarfile.open(damaged, "w") as target:
        for info in source.getmembers():
            content = source.extractfile(info).read()
            if info.name == member:
                content = data
                info.size = len(data)
            target.addfile(info, __import__("io").BytesIO(content))
    return damaged


def test_a_directory_that_does_not_exist_yet(records, tmp_path):
    result = archive.create_backup(f"{tmp_path}/new/")
    assert result.path.parent == tmp_path / "new"
    assert result.path.name.startswith("backup-") and result.path.suffix == ".tar"


def test_a_damaged_file_restores_nothing(records, media, tmp_path):
    backup = archive.create_backup(tmp_path).path
    with tarfile.open(backup) as tar:
        member = next(n for n in tar.getnames() if n.startswith("media/evidence/"))
    damaged = tamper(backup, member, b"%PDF-1.7 something else", tmp_path)
    nominations = Nomination.objects.count()
    services.withdraw(
        records.secretary_a1, Nomination.objects.filter(state="draft").get(), "Rút", now=BEFORE
    )
    with pytest.raises(CommandError, match="Nothing was restored: Checksum mismatch"):
        call_command("restore", str(damaged), interactive=False)
    # The database kept what happened after the backup.
    assert Nomination.objects.filter(state="withdrawn").count() == 1
    assert Nomination.objects.count() == nominations


def test_a_backup_of_another_engine_is_refused(records, tmp_path):
    backup = archive.create_backup(tmp_path).path
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    with tarfile.open(backup) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    manifest["engine"] = other
    damaged = tamper(backup, "manifest.json", json.dumps(manifest).encode(), tmp_path)
    with pytest.raises(CommandError, match=f"This backup is of a {other} database"):
        call_command("restore", str(damaged), interactive=False)


def test_not_an_archive(tmp_path, db):
    bogus = tmp_path / "x.tar"
    bogus.write_bytes(b"not a tar")
    with pytest.raises(CommandError, match="not a backup archive"):
        call_command("restore", str(bogus), interactive=False)


def test_restore_asks_first(records, tmp_path, monkeypatch):
    backup = archive.create_backup(tmp_path).path
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(backup))


def test_with_object_storage_the_archive_holds_the_database_and_says_so(
    seed000, media, settings, tmp_path
):
    """With another storage backend the files are not on this host: the backup copies nothing
    from MEDIA_ROOT (a stale local folder there is not the users' files) and names the store."""
    stale = Path(media) / "evidence" / "old.pdf"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"left from before the move")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    result = archive.create_backup(tmp_path / "db-only.tar")
    assert result.files == 0
    with tarfile.open(result.path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert manifest["media_storage"] == "InMemoryStorage"
    assert not any(name.startswith("media/") for name in names)
