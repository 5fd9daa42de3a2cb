"""bench/load: the plan built from the small dataset names only pages that exist, and each task
of the locustfile, walked with a recording client instead of the network, requests only those
pages under their own URL names; the locustfile refuses any host but 127.0.0.1.

The locustfile is imported in a subprocess: Locust patches the standard library (gevent) on
import, which must not happen inside the test run."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import resolve

from bench.dataset import TOP_CODE
from bench.load import plan as planner
from committees.models import Unit
from nominations.models import Nomination
from tests.shared_data import built_once, shared_data

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("dataset")]

ROOT = Path(settings.BASE_DIR)

WALK = r"""
import json, os, sys, types
from locust.env import Environment
import bench.load.locustfile as f

class Response:
    def __init__(self, path):
        self.text = '<input name="csrfmiddlewaretoken" value="t">'
        self.status_code = 200
        self.url = "http://127.0.0.1" + path
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return False
    def failure(self, message):
        pass

class Client:
    def __init__(self, seen):
        self.seen = seen
        self.cookies = types.SimpleNamespace(clear=lambda: None)
    def request(self, method, path, name=None, **kwargs):
        self.seen.append([method, path, name])
        return Response(path)
    def get(self, path, **kw):
        return self.request("GET", path, **kw)
    def post(self, path, data=None, files=None, **kw):
        return self.request("POST", path, **kw)

f.MAILBOX = types.SimpleNamespace(code_for=lambda address: "123456")
seen, classes = [], []
env = Environment(host="http://127.0.0.1:1")
for cls in (f.CellSecretary, f.WardStaff, f.DistrictStaff, f.CityReader, f.StandingMember, f.Voter):
    if cls.abstract:
        continue
    classes.append(cls.__name__)
    cls.host = "http://127.0.0.1:1"
    user = cls(env)
    user.client = Client(seen)
    user.wait = lambda: None
    user.on_start()
    for task in user.tasks:
        task(user)
try:
    f.refuse_other_hosts(types.SimpleNamespace(host="http://example.org"))
    refused = False
except SystemExit:
    refused = True
print(json.dumps({"seen": seen, "classes": classes, "refused": refused}))
"""


@shared_data
def generated(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with built_once(django_db_blocker), override_settings(MEDIA_ROOT=media):
        call_command("generate_dataset", "--scale", "small", "--seed", "7", stdout=io.StringIO())
        yield


@pytest.fixture
def dataset(generated, db):
    return generated


def walk(plan: dict, mix: str, tmp_path) -> dict:
    path = tmp_path / f"plan-{mix}.json"
    path.write_text(json.dumps(plan))
    env = {**os.environ, "LOAD_PLAN": str(path), "LOAD_MIX": mix, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", WALK], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def assert_known(requests: list) -> set[str]:
    names = set()
    for method, path, name in requests:
        view = resolve(path).view_name
        assert view in planner.URL_NAMES, (method, path, view)
        # the row of the results is the page's own URL name
        assert name.split(" ")[0] == view, (path, name)
        names.add(view)
    return names


def free_a_cell() -> None:
    """The small dataset files from every cell: move one cell's nominations to its neighbour
    (undone after the test) so that it has its quota left, as most cells of the city have."""
    cells = list(Unit.objects.filter(depth=4, code__startswith=TOP_CODE).order_by("path")[:2])
    Nomination.objects.unscoped("test").filter(filing_unit=cells[0]).update(filing_unit=cells[1])


def test_the_deadline_hour_requests_only_known_pages(dataset, tmp_path):
    free_a_cell()
    plan = planner.make_plan(mix="deadline", cells_count=5, mail_dir=str(tmp_path), run="t")
    assert plan["cells"], "cells that can still file"
    assert all(plan["accounts"][role] for role in ("ward", "district", "city"))
    result = walk(plan, "deadline", tmp_path)
    assert result["refused"]
    assert set(result["classes"]) >= {"CellSecretary", "WardStaff", "DistrictStaff", "CityReader"}
    names = assert_known(result["seen"])
    assert {"login", "nominations:create", "nominations:unit-nominations"} <= names
    creates = [
        r for r in result["seen"] if r[0] == "POST" and r[2].startswith("nominations:create")
    ]
    assert creates, "a draft is filed and sent"


def test_the_public_vote_requests_only_known_pages(dataset, tmp_path):
    plan = planner.make_plan(mix="vote", cells_count=0, mail_dir=str(tmp_path), run="t")
    result = walk(plan, "vote", tmp_path)
    assert result["classes"] == ["Voter"]
    assert assert_known(result["seen"]) == {
        "public_votes:public-vote",
        "public_votes:public-vote-code",
        "public_votes:public-vote-verify",
        "public_votes:public-vote-ballot",
    }


def test_after_the_walk_no_rule_is_broken(dataset):
    import datetime

    from django.utils import timezone

    checks = planner.check_invariants(timezone.now() - datetime.timedelta(days=1))
    assert checks and all(ok for _what, _result, ok in checks), checks


def mailbox_script(script: str, folder) -> str:
    """What ``script`` printed, run in a process of its own (importing the locustfile patches
    the standard library with gevent) with ``folder`` as its argument."""
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script, str(folder)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


MAIL = r"""
import sys, time
from pathlib import Path
import bench.load.locustfile as f

folder = Path(sys.argv[1])
box = f.Mailbox(str(folder), 6)
message = (
    "Content-Type: text/plain; charset=utf-8\nTo: a@example.org\n\nMã của bạn là 042917.\n"
)
half = folder / "20261207-1.log"
half.write_text(message[:40])  # the worker has opened the file, not yet written the message
box.scan()
first = dict(box.codes)
half.write_text(message + "\n" + "-" * 79 + "\n")
time.sleep(0.25)
box.scan()
print(first == {}, box.codes.get("a@example.org"))
"""


def test_the_mailbox_reads_a_message_once_the_worker_has_written_it_whole(tmp_path):
    """A file the e-mail backend is still writing is read again later, not skipped for good."""
    assert mailbox_script(MAIL, tmp_path).split()[-2:] == ["True", "042917"]


GROWN = r"""
import sys, time
from pathlib import Path
import bench.load.locustfile as f

folder = Path(sys.argv[1])
box = f.Mailbox(str(folder), 6)
end = "\n" + "-" * 79 + "\n"
one = "Content-Type: text/plain; charset=utf-8\nTo: a@example.org\n\nMã: 042917.\n" + end
two = "Content-Type: text/plain; charset=utf-8\nTo: b@example.org\n\nMã: 318204.\n" + end
shared = folder / "20261207-203000-140234.log"
shared.write_text(one)
box.scan()
with shared.open("a") as file:  # a later connection of the same second, with the same id
    file.write(two)
time.sleep(0.25)
box.scan()
print(box.codes.get("a@example.org"), box.codes.get("b@example.org"))
"""


def test_the_mailbox_reads_what_a_file_gains_after_it_was_read(tmp_path):
    """Django's file backend appends to a file of the same second and connection id: the second
    voter's code is in a file the mailbox has read before (the run's "no code arrived")."""
    assert mailbox_script(GROWN, tmp_path).split()[-2:] == ["042917", "318204"]
