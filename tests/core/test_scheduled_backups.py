"""Backups that happen: beat's daily backup (its task called directly), encrypted, copied to a
second place and pruned to daily and weekly copies; the latest restored into an empty database
verifies; a failure of the backup or of the daily check reaches the administrators' inbox."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from committees.models import Role
from core.scheduled_backups import latest, to_prune
from core.tasks import daily_verify_history, scheduled_backup
from nominations.models import NominationEvent
from notifications.models import Notice
from tests.core.test_backup_restore import empty_database, records  # noqa: F401
from tests.factories import UserFactory
from tests.history import raw_update

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media")]


@pytest.fixture
def scheduled(settings, tmp_path):
    settings.BACKUP_DIR = str(tmp_path / "backups")
    settings.BACKUP_COPY_TO = f"file://{tmp_path / 'second'}"
    settings.BACKUP_PASSPHRASE = "mat-khau-sao-luu-rat-dai"
    return tmp_path


def test_the_scheduled_backup_is_encrypted_copied_and_restores(records, scheduled):  # noqa: F811
    written = Path(scheduled_backup())
    assert written.name.endswith(".tar.gpg")
    assert written.read_bytes()[:4] != b"back"  # not a readable tar
    assert not list((scheduled / "backups").glob("*.tar"))  # no plain copy left behind
    assert (scheduled / "second" / written.name).read_bytes() == written.read_bytes()
    events = NominationEvent.objects.count()

    empty_database()
    out = StringIO()
    call_command("restore", str(latest(scheduled / "second")), interactive=False, stdout=out)
    assert f"nominations (nominations.NominationEvent): {events} records, chain intact" in (
        out.getvalue()
    )


def test_an_encrypted_backup_needs_the_passphrase(records, scheduled, settings):  # noqa: F811
    written = scheduled_backup()
    settings.BACKUP_PASSPHRASE = ""
    with pytest.raises(CommandError, match="encrypted: set BACKUP_PASSPHRASE"):
        call_command("restore", written, interactive=False, stdout=StringIO())
    settings.BACKUP_PASSPHRASE = "not-the-passphrase"
    with pytest.raises(CommandError, match="gpg failed"):
        call_command("restore", written, interactive=False, stdout=StringIO())


def test_a_failed_backup_reaches_the_administrators(db, settings, tmp_path):
    admin = UserFactory(role=Role.ADMIN, email="qt@example.org")
    admin.unit.depth = 1
    admin.unit.save()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    settings.BACKUP_DIR = str(blocked / "backups")
    with pytest.raises(NotADirectoryError):
        scheduled_backup()
    assert Notice.objects.filter(recipient=admin, title="Sao lưu định kỳ bị lỗi").exists()


def test_a_broken_history_found_by_the_daily_check_reaches_them(records):  # noqa: F811
    admin = UserFactory(role=Role.ADMIN, unit=records.tree.city, email="qt@example.org")
    event = NominationEvent.objects.order_by("chain_seq").first()
    raw_update(NominationEvent, event.pk, "reason", "sửa lén")
    with pytest.raises(CommandError, match="tampered"):
        daily_verify_history()
    notice = Notice.objects.get(recipient=admin)
    assert notice.title == "Kiểm tra lịch sử hồ sơ không khớp"
    assert "BROKEN at record #1" in notice.body


def backup(day: str, time: str = "021500") -> Path:
    return Path(f"backup-{day}-{time}.tar.gpg")


def test_pruning_keeps_the_last_days_and_one_a_week():
    days = [datetime.date(2026, 12, 7) - datetime.timedelta(days=n) for n in range(40)]
    paths = [backup(d.strftime("%Y%m%d")) for d in days] + [Path("notes.txt")]
    removed = set(to_prune(paths, daily=7, weekly=5))
    kept = [p for p in paths if p not in removed]
    assert Path("notes.txt") in kept
    assert all(backup(d.strftime("%Y%m%d")) in kept for d in days[:7])
    weekly = [p for p in kept if p not in {backup(d.strftime("%Y%m%d")) for d in days[:7]}]
    assert 1 <= len(weekly) - 1 <= 5  # one a week beyond the daily ones (and the notes)
    assert backup(days[39].strftime("%Y%m%d")) in removed
