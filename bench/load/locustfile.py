"""The two load mixes, for Locust. Run by ``bench/load/run.py``, which starts gunicorn and a
Celery worker, writes the plan (who signs in, what they file, the URLs) and steps the users up.

No Django here: Locust runs in its own (gevent) process and reads everything it needs from the
plan file named by ``LOAD_PLAN``. Every URL comes from that plan, where the runner wrote it with
``reverse()``; each request is reported under its URL name (``name=``), so the results list one
row per page. The mix is chosen with ``LOAD_MIX`` (``deadline`` or ``vote``).

Think time: ``between(THINK_MIN, THINK_MAX)`` seconds after each page, as a person reads it
(the deadline hour: 3–8 s; the public vote: 2–6 s, plus the time the code takes to arrive).
"""

from __future__ import annotations

import email
import itertools
import json
import os
import random
import re
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

from bench.load.mixes import DEADLINE_THINK, DEADLINE_WEIGHTS, VOTE_THINK

_plan_file = os.environ.get("LOAD_PLAN")
PLAN: dict = json.loads(Path(_plan_file).read_text()) if _plan_file else {}
MIX = os.environ.get("LOAD_MIX", "deadline")
STAGE = os.environ.get("LOAD_STAGE", "0")
ALLOWED_HOSTS = {"127.0.0.1"}

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DETAIL = re.compile(r"/ho-so/([0-9a-f-]{36})/$")


@events.init.add_listener
def refuse_other_hosts(environment, **_kwargs):
    """Only the loopback: a load test must never be pointed at a real server by mistake."""
    host = urlsplit(environment.host or "").hostname
    if host not in ALLOWED_HOSTS:
        raise SystemExit(f"bench/load targets 127.0.0.1 only, not {environment.host!r}")


#: every response time (ms) by "METHOD name", from the moment all users have started; written to
#: ``LOAD_TIMES`` at the end, for the runner's percentiles without the sign-in (see run.py)
TIMES: dict[str, list[float]] = {}


@events.spawning_complete.add_listener
def start_counting(**_kwargs):
    TIMES.clear()


@events.request.add_listener
def count(request_type, name, response_time, exception=None, **_kwargs):
    TIMES.setdefault(f"{request_type} {name}", []).append(float(response_time))


@events.test_stop.add_listener
def write_times(**_kwargs):
    if os.environ.get("LOAD_TIMES"):
        Path(os.environ["LOAD_TIMES"]).write_text(json.dumps(TIMES))


def csrf(text: str) -> str:
    found = CSRF.search(text)
    return found.group(1) if found else ""


_counters: dict[str, itertools.count] = {}
_lock = threading.Lock()


def take(pool: str) -> dict:
    """The next entry of a plan's list (cells, voters): each is used once, then wraps round."""
    entries = PLAN[pool]
    with _lock:
        counter = _counters.setdefault(pool, itertools.count())
        return entries[next(counter) % len(entries)]


class Staff(HttpUser):
    """Signs in once, then reads pages of its role: ``pages`` is a list of (URL name, path)."""

    abstract = True
    wait_time = between(*DEADLINE_THINK)
    role = ""

    def on_start(self):
        self.account = random.choice(PLAN["accounts"][self.role])
        self.sign_in(self.account["username"])

    def sign_in(self, username: str) -> None:
        login = PLAN["urls"]["login"]
        page = self.client.get(login, name="login")
        self.client.post(
            login,
            {
                "username": username,
                "password": PLAN["password"],
                "csrfmiddlewaretoken": csrf(page.text),
            },
            name="login",
        )


class Reader(Staff):
    """Works the lists of its role: one of its ``pages`` after another."""

    abstract = True

    @task
    def read(self):
        name, path = random.choice(self.account["pages"])
        self.client.get(path, name=name)


class CellSecretary(Staff):
    """Signs in as a cell that has not filed yet, opens its page and the form, files a draft
    with an evidence file for each document and sends it, reads the nomination, signs out."""

    abstract = MIX != "deadline"
    weight = DEADLINE_WEIGHTS["cell"]
    role = "cell"

    def on_start(self):
        pass

    @task
    def file(self):
        cell = take("cells")
        self.client.cookies.clear()
        self.sign_in(cell["username"])
        urls = PLAN["urls"]
        self.client.get(urls["dashboard"], name="dashboard")
        self.wait()
        self.client.get(urls["unit_nominations"], name="nominations:unit-nominations")
        self.wait()
        form = self.client.get(urls["create"], name="nominations:create")
        self.wait()
        data = {
            "csrfmiddlewaretoken": csrf(form.text),
            "category": cell["category"],
            "person": cell["person"],
            "field_of_work": cell["field_of_work"],
            "achievement_summary": cell["summary"],
            "checklist_confirmed": [str(i) for i in range(cell["checklist"])],
            "action": "submit",
        }
        files = [
            (field, (f"{field}.pdf", PLAN_PDF, "application/pdf")) for field in cell["documents"]
        ]
        with self.client.post(
            urls["create"],
            data=data,
            files=files,
            name="nominations:create (send)",
            catch_response=True,
        ) as response:
            # Sent: the redirect lands on the nomination's page. Anything else is the form back
            # with a reason: a failure of the plan, reported as such.
            if response.status_code == 200 and not DETAIL.search(urlsplit(response.url).path):
                response.failure("the nomination was not sent (the form came back)")


PLAN_PDF = bytes.fromhex(PLAN.get("pdf", "")) if PLAN else b""


class WardStaff(Reader):
    abstract = MIX != "deadline"
    weight = DEADLINE_WEIGHTS["ward"]
    role = "ward"


class DistrictStaff(Reader):
    abstract = MIX != "deadline"
    weight = DEADLINE_WEIGHTS["district"]
    role = "district"


class CityReader(Reader):
    abstract = MIX != "deadline"
    weight = DEADLINE_WEIGHTS["city"]
    role = "city"


class StandingMember(Staff):
    """Opens the session, records the tally of one nominee (the figures it already holds, or
    new ones), and reads the session again."""

    abstract = MIX != "deadline"
    weight = DEADLINE_WEIGHTS["standing"]
    role = "standing"

    @task
    def tally(self):
        session = random.choice(self.account["sessions"])
        page = self.client.get(session["detail"], name="nominations:session-detail")
        self.wait()
        row = random.choice(session["rows"])
        self.client.post(
            row["tally"],
            {"csrfmiddlewaretoken": csrf(page.text), **row["values"]},
            name="nominations:session-tally",
        )


# --- the public vote ---------------------------------------------------------------------------


class Mailbox:
    """The codes the worker wrote with Django's file e-mail backend, by address: one reader
    for every voter of this process, reading what each file gained since it was last read.
    (The backend names a file by the second and the id of its connection object, and appends to
    it when a later connection of the same second gets the same id: a file read once can grow.)
    """

    SEPARATOR = b"\n" + b"-" * 79 + b"\n"

    def __init__(self, folder: str, digits: int):
        self.folder = Path(folder)
        self.read_up_to: dict[str, int] = {}
        self.codes: dict[str, str] = {}
        self.pattern = re.compile(rf"\b(\d{{{digits}}})\b")
        self.lock = threading.Lock()
        self.scanned = 0.0

    def scan(self) -> None:
        """Read the messages written since the last scan; at most every 0.2 s, however many
        voters wait."""
        if time.monotonic() - self.scanned < 0.2:
            return
        with self.lock:
            self.scanned = time.monotonic()
            for path in self.folder.glob("*.log"):
                start = self.read_up_to.get(path.name, 0)
                if path.stat().st_size <= start:
                    continue
                with path.open("rb") as file:
                    file.seek(start)
                    text = file.read()
                # Only whole messages: the backend may still be writing the last one.
                end = text.rfind(self.SEPARATOR)
                if end < 0:
                    continue
                self.read_up_to[path.name] = start + end + len(self.SEPARATOR)
                for raw in text[:end].split(self.SEPARATOR):
                    if not raw.strip():
                        continue
                    message = email.message_from_bytes(raw.lstrip(b"\n"))
                    body = message.get_payload(decode=True) or b""
                    found = self.pattern.search(body.decode("utf-8", "replace"))
                    if found:
                        self.codes[message["To"]] = found.group(1)

    def code_for(self, address: str, timeout: float = 20.0) -> str | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if address in self.codes:
                return self.codes.pop(address)
            self.scan()
            time.sleep(0.25)
        return None


MAILBOX = Mailbox(PLAN["mail_dir"], PLAN["code_digits"]) if PLAN.get("mail_dir") else None


class Voter(HttpUser):
    """An anonymous voter: loads the vote page, asks for a code, reads it from the e-mail,
    verifies it, loads the ballot and casts it. A new address (and a new client address, as the
    reverse proxy would forward it) each time."""

    abstract = MIX != "vote"
    wait_time = between(*VOTE_THINK)

    @task
    def vote(self):
        vote, n = PLAN["vote"], next(_voters)
        address = f"cu-tri-{PLAN['run']}-{STAGE}-{n}@example.org"
        ip = f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"
        self.client.cookies.clear()
        headers = {"X-Forwarded-For": ip}
        page = self.client.get(vote["page"], name="public_votes:public-vote", headers=headers)
        self.wait()
        self.client.post(
            vote["code"],
            {"csrfmiddlewaretoken": csrf(page.text), "email": address},
            name="public_votes:public-vote-code",
            headers=headers,
        )
        code = MAILBOX.code_for(address) if MAILBOX else None
        if code is None:
            events.request.fire(
                request_type="MAIL",
                name="the code's e-mail",
                response_time=0,
                response_length=0,
                exception=RuntimeError(f"no code arrived for {address}"),
            )
            return
        verify = self.client.get(vote["verify"], name="public_votes:public-vote-verify")
        ballot = self.client.post(
            vote["verify"],
            {"csrfmiddlewaretoken": csrf(verify.text), "code": code},
            name="public_votes:public-vote-verify",
            headers=headers,
        )
        self.wait()
        choices = random.sample(vote["entries"], random.randint(1, vote["max_choices"]))
        with self.client.post(
            vote["ballot"],
            {"csrfmiddlewaretoken": csrf(ballot.text), "entries": choices},
            name="public_votes:public-vote-ballot",
            headers=headers,
            catch_response=True,
        ) as response:
            if response.status_code == 200 and urlsplit(response.url).path != vote["page"]:
                response.failure("the ballot was not recorded (the form came back)")


_voters = itertools.count(1)
