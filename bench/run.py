"""Performance at city scale, measured against the dataset of ``generate_dataset --scale city``.

    DATABASE_URL=postgres://… REDIS_URL=redis://…/6 VAR_DIR=… .venv/bin/python bench/run.py

Prints one Markdown report and writes it to ``bench/results.md``. Not part of the test suite:
it needs PostgreSQL with the city dataset, Redis, and a few minutes. Sections:

* pages: median and p95 time and SQL queries of each main page, in process (Django's test
  client, ``CaptureQueriesContext``), for users at the top, at a district, at a grassroots
  committee and at a cell;
* throughput of the appraisal queue and of ``/healthz/`` under gunicorn (2 workers), from a
  threaded load generator with a logged-in session cookie, and the workers' peak RSS;
* heavy (``--only heavy``, issue 19): the queue, the final list and the progress page at the
  city's top, in process with a cProfile of each, then under gunicorn /healthz/'s and the
  queue's throughput side by side and the two pages' latency; each run is kept under its
  ``--label`` (before, after) in ``bench/heavy-runs.json`` and the section "Issue 19: heavy
  pages" of the report is rewritten with a column per label. ``--app-root DIR`` measures the
  application checked out in DIR (the "before" column);
* PDFs: a two-page achievement report, a tờ trình listing 300 nominees, and the district's
  300-nominee bundle built by a real Celery worker started as in production, with
  ``--concurrency 2`` (Celery's default is the number of CPUs; the bundle's documents are
  produced in parts that the worker's processes share), and its peak RSS;
* the search box (``/tim-kiem/``): typed names, folded names, code prefixes, for users at the
  top (250,000 people in scope), at a district and at a cell;
* the city's yearly four-good evaluation, when ``movements`` exists;
* reading 250,000 people from an XLSX file with the reader before python-calamine and with
  python-calamine, one after the other in the same run (speed, peak memory);
* importing them, each import in a fresh process (``bench/import_once.py``; rolled back, the
  commit-time checks included), through this tree and through the old reader, or through
  another checkout given with ``--baseline`` (the code before a change);
* ``--only public-vote`` (not in a full run): the anonymous vote page's and ``/healthz/``'s
  throughput and ballots per second, before (``--before-root``) and after, appended to the
  output as a dated section (``bench/public_vote.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import itertools
import json
import os
import platform
import pstats
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _app_root() -> Path:
    """``--app-root DIR``: measure the application checked out in DIR (another worktree, e.g.
    at main's commit for the "before" column) with this benchmark's code. Read before Django
    is set up, since it decides which code is imported."""
    for i, arg in enumerate(sys.argv):
        if arg == "--app-root" and i + 1 < len(sys.argv):
            return Path(sys.argv[i + 1]).resolve()
        if arg.startswith("--app-root="):
            return Path(arg.split("=", 1)[1]).resolve()
    return ROOT


APP_ROOT = _app_root()
sys.path.insert(0, str(APP_ROOT))
# Something in the settings' imports puts the working directory first on ``sys.path``: work
# from the application's directory, or the modules of this checkout would be imported.
os.chdir(APP_ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import psutil  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.template import Template  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    _TestState,
    setup_test_environment,
)
from django.urls import reverse  # noqa: E402

from bench.dataset import CAMPAIGN_CODE, TOP_CODE  # noqa: E402
from bench.http_load import Request, hammer, percentile, wait_for_healthz  # noqa: E402
from committees.models import Unit, User  # noqa: E402
from nominations.models import Nomination  # noqa: E402
from nominations.models import NominationState as S  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "8060"))
PAGE_TARGET_MS = 150
#: the heading of the load test's sections in the results, which this report keeps
LOAD_TEST = "## Load test, "
SEARCH_TARGET_MS = 50
MAX_QUERIES = 15


@dataclass
class Report:
    pages: list[tuple] = field(default_factory=list)
    searches: list[tuple] = field(default_factory=list)
    others: list[tuple] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def other(self, measure: str, result: str, target: str, ok: bool | None) -> None:
        mark = "n/a" if ok is None else ("yes" if ok else "**no**")
        self.others.append((measure, result, target, mark))
        print(f"  {measure}: {result} (target {target}: {mark})", flush=True)


# --- pages, in process ---------------------------------------------------------------------------


def login(username: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(User.objects.get(username=username))
    return client


def page_list() -> list[tuple[str, str, str]]:
    code = CAMPAIGN_CODE
    top_nomination = (
        Nomination.objects.unscoped("benchmark")
        .filter(campaign__code=code, level__position=3)
        .order_by("id")
        .first()
    )
    cell = Unit.objects.get(code=f"{TOP_CODE}-D01-G01-C1")
    own = (
        Nomination.objects.unscoped("benchmark")
        .filter(filing_unit=cell)
        .exclude(state=S.DRAFT)
        .order_by("id")
    )
    cell_nomination = own.first() or top_nomination
    queue = reverse("nominations:queue", args=[code])
    progress = reverse("nominations:progress", args=[code])
    tree = "committees:unit-detail"
    return [
        ("Dashboard", "tp_admin", "/"),
        ("Dashboard", "tp_tochuc", "/"),
        ("Dashboard", "tp_btv", "/"),
        ("Dashboard", "tc_tp_d01", "/"),
        ("Dashboard", "tc_tp_d01_g01", "/"),
        ("Dashboard", "bt_tp_d01_g01_c1", "/"),
        ("Appraisal queue", "tp_tochuc", queue),
        ("Appraisal queue", "tc_tp_d01", queue),
        ("Appraisal queue", "tc_tp_d01_g01", queue),
        ("Progress", "tp_tochuc", progress),
        ("Progress", "tc_tp_d01", progress),
        ("Progress", "tc_tp_d01_g01", progress),
        ("Final list", "tp_tochuc", reverse("nominations:final-list", args=[code])),
        ("Final list", "tp_btv", reverse("nominations:final-list", args=[code])),
        (
            "Nomination page",
            "tp_tochuc",
            reverse("nominations:detail", args=[top_nomination.public_id]),
        ),
        (
            "Nomination page",
            "bt_tp_d01_g01_c1",
            reverse("nominations:detail", args=[cell_nomination.public_id]),
        ),
        (
            "Unit nominations",
            "bt_tp_d01_g01_c1",
            reverse("nominations:unit-nominations", args=[code]),
        ),
        ("Hierarchy tree", "tp_admin", reverse(tree, args=[TOP_CODE])),
        ("Hierarchy tree", "tc_tp_d01", reverse(tree, args=[f"{TOP_CODE}-D01"])),
        ("Hierarchy tree", "bt_tp_d01_g01_c1", reverse(tree, args=[cell.code])),
    ]


def measure_pages(report: Report, repeat: int) -> None:
    print("Pages (in process)…", flush=True)
    # As ``config/wsgi.py`` does once the application is loaded.
    gc.collect()
    gc.freeze()
    for page, username, url in page_list():
        client = login(username)
        fresh = page.endswith(", computed")
        times, queries = [], set()
        for i in range(repeat + 2):
            if fresh:
                cache.clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{page} for {username}: HTTP {response.status_code} at {url}")
            if i >= 2:  # the first two warm the caches of the process
                times.append(elapsed)
                queries.add(len(captured))
        median, p95 = statistics.median(times), percentile(times, 95)
        count = max(queries)
        ok = p95 < PAGE_TARGET_MS and count <= MAX_QUERIES and len(queries) == 1
        report.pages.append(
            (
                page,
                username,
                f"{median:.0f}",
                f"{p95:.0f}",
                str(count) if len(queries) == 1 else f"{min(queries)}–{count}",
                "yes" if ok else "**no**",
            )
        )
        print(
            f"  {page:<18} {username:<18} median {median:6.0f} ms  p95 {p95:6.0f} ms  "
            f"{count:3d} queries",
            flush=True,
        )


# --- the search box ------------------------------------------------------------------------

#: (what is typed, who types it): common and rare names, with and without tones, code prefixes
SEARCHES = [
    ("nguyen", "tp_admin"),
    ("nguyễn văn an", "tp_admin"),
    ("pham thi dung", "tp_admin"),
    ("PHẠM THỊ DUNG", "tp_admin"),
    ("đức", "tp_admin"),
    ("thuỷ", "tp_admin"),
    ("DV000012", "tp_admin"),
    # given names late in the name order: the people sort by given name, so these sit together
    # at its end and an unbounded walk of the name index reads the whole city before them
    ("vy", "tp_admin"),
    ("yến", "tp_admin"),
    ("an", "tp_admin"),
    ("không có ai tên này", "tp_admin"),
    ("tran thi", "tc_tp_d01"),
    ("hoa", "tc_tp_d01_g01"),
    ("le", "bt_tp_d01_g01_c1"),
]


def measure_search(report: Report, repeat: int) -> None:
    print("Search (in process)…", flush=True)
    url = reverse("search")
    for typed, username in SEARCHES:
        from core import search
        from core.views.search import MOST

        client = login(username)
        user, words = User.objects.get(username=username), search.words_of(typed)
        counts = [s.search(user, words).order_by()[: MOST + 1].count() for s in search.sections()]
        total = " / ".join(f"{min(n, MOST):,}{'+' if n > MOST else ''}" for n in counts)
        times, queries = [], set()
        for i in range(repeat + 2):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url, {"q": typed})
                elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"Search {typed!r} for {username}: HTTP {response.status_code}")
            if i >= 2:
                times.append(elapsed)
                queries.add(len(captured))
        median, p95 = statistics.median(times), percentile(times, 95)
        count = max(queries)
        report.searches.append(
            (
                f"`{typed}`",
                username,
                total,
                f"{median:.0f}",
                f"{p95:.0f}",
                str(count),
                "yes" if p95 < SEARCH_TARGET_MS else "**no**",
            )
        )
        print(
            f"  {typed!r:<24} {username:<18} {total:<22} median {median:5.0f} ms  "
            f"p95 {p95:5.0f} ms  {count} queries",
            flush=True,
        )


# --- gunicorn throughput -------------------------------------------------------------------------


class RssSampler(threading.Thread):
    """The peak resident memory of a process's children (the workers), sampled every 0.1 s."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.peak_child = 0
        self.peak_parent = 0
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            with contextlib.suppress(psutil.Error):
                self.peak_parent = max(self.peak_parent, self.process.memory_info().rss)
                for child in self.process.children(recursive=True):
                    with contextlib.suppress(psutil.Error):
                        self.peak_child = max(self.peak_child, child.memory_info().rss)
            time.sleep(0.1)

    def stop(self):
        self.stopped.set()
        self.join()


def load(path: str, cookie: str, *, seconds: float, threads: int) -> tuple[float, int, float]:
    """Requests per second over ``seconds`` with ``threads`` clients, the number of errors and
    the median latency in ms (``load_latencies`` gives every latency)."""
    rate, errors, latencies = load_latencies(path, cookie, seconds=seconds, threads=threads)
    return rate, errors, statistics.median(latencies) if latencies else 0.0


def load_latencies(
    path: str, cookie: str, *, seconds: float, threads: int, fresh: bool = False
) -> tuple[float, int, list[float]]:
    """Requests per second over ``seconds`` with ``threads`` clients, the number of errors and
    the latency of each answered request in ms. With ``fresh``, each request adds a query
    parameter the page ignores, never the same twice: nothing cached answers it."""
    headers = {"Cookie": f"sessionid={cookie}", "Accept-Language": "vi"}
    numbers = itertools.count()

    def next_request() -> Request:
        if fresh:
            return Request("GET", f"{path}?bench={time.time_ns()}-{next(numbers)}", headers)
        return Request("GET", path, headers)

    answered = hammer(PORT, next_request, seconds=seconds, threads=threads)
    return answered.rate, answered.errors, answered.latencies


def start_gunicorn() -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        "2",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, cwd=APP_ROOT, env=os.environ.copy())  # noqa: S603


def measure_throughput(report: Report, seconds: float) -> None:
    print("Throughput under gunicorn (2 workers)…", flush=True)
    server = start_gunicorn()
    sampler = RssSampler(server.pid)
    try:
        wait_for_healthz(PORT)
        sampler.start()
        client = login("tp_tochuc")
        cookie = client.cookies["sessionid"].value
        queue = reverse("nominations:queue", args=[CAMPAIGN_CODE])
        results = {}
        # A third reference: a static page behind the login (the session and the user read,
        # the middleware that checks them), the least any page of the application costs.
        logged_in = reverse("password_change_done")
        for label, path in (
            ("/healthz/", "/healthz/"),
            ("logged in", logged_in),
            ("appraisal queue", queue),
        ):
            load(path, cookie, seconds=2, threads=4)  # warm the workers
            results[label] = load(path, cookie, seconds=seconds, threads=4)
        sampler.stop()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    minimal, queue_rps = results["/healthz/"], results["appraisal queue"]
    logged = results["logged in"]
    ratio = queue_rps[0] / minimal[0] if minimal[0] else 0.0
    report.other(
        "Throughput: /healthz/ (static template)",
        f"{minimal[0]:.0f} req/s (median {minimal[2]:.0f} ms, {minimal[1]} errors)",
        "reference",
        None,
    )
    report.other(
        "Throughput: a static page behind the login (password changed)",
        f"{logged[0]:.0f} req/s (median {logged[2]:.0f} ms, {logged[1]} errors; "
        f"{logged[0] / minimal[0]:.0%} of /healthz/)"
        if minimal[0]
        else "n/a",
        "reference",
        None,
    )
    report.other(
        "Throughput: appraisal queue (city staff)",
        f"{queue_rps[0]:.1f} req/s (median {queue_rps[2]:.0f} ms, {queue_rps[1]} errors)",
        "≥ 30% of /healthz/",
        ratio >= 0.30,
    )
    report.other("Appraisal queue / minimal view", f"{ratio:.0%}", "≥ 30%", ratio >= 0.30)
    report.other(
        "Appraisal queue / static page behind the login",
        f"{queue_rps[0] / logged[0]:.0%}" if logged[0] else "n/a",
        "reported",
        None,
    )
    mib = sampler.peak_child / 2**20
    report.other(
        "Peak RSS of a gunicorn worker",
        f"{mib:.0f} MiB",
        "< 300 MB",
        sampler.peak_child < 300 * 10**6,
    )


# --- issue 19: the heavy pages ------------------------------------------------------------------

#: (page, user, URL name): the three pages issue 19 asked to make cheaper, at the city's top
HEAVY_PAGES = [
    ("Appraisal queue", "tp_tochuc", "nominations:queue"),
    # The same page with its listing computed for every request: the cache emptied before each
    # in process, a query string never asked before under gunicorn (what a write costs it).
    ("Appraisal queue, computed", "tp_tochuc", "nominations:queue"),
    ("Final list", "tp_tochuc", "nominations:final-list"),
    ("Progress", "tp_tochuc", "nominations:progress"),
]
#: where ``--only heavy`` keeps each labelled run, so that "before" and "after" share a table
HEAVY_RUNS = ROOT / "bench" / "heavy-runs.json"

#: the profile's shares: (name, file suffix, function) whose cumulative time is reported
PROFILE_GROUPS = [
    ("template rendering", "django/template/backends/django.py", "render"),
    ("SQL sent and awaited (psycopg)", "psycopg/cursor.py", "execute"),
    ("queries built (ORM compiler)", "django/db/models/sql/compiler.py", "as_sql"),
    ("the filter form (crispy)", "crispy_forms_filters.py", "as_crispy_field"),
    ("eligibility facts", "nominations/eligibility.py", "load_ids"),
    ("missing documents", "nominations/completeness.py", "missing_by_nomination"),
    ("the final list's totals (FinalList)", "nominations/progress.py", "__init__"),
    ("the progress counts (unit_progress)", "nominations/progress.py", "unit_progress"),
]


def profile_page(client: Client, url: str, repeat: int, *, fresh: bool = False) -> dict:
    """cProfile over ``repeat`` requests (with ``fresh``, the cache emptied before each): the
    share of a few groups (cumulative) and the functions with the most time of their own."""
    profiler = cProfile.Profile()
    for _ in range(repeat):
        if fresh:
            cache.clear()
        profiler.enable()
        client.get(url)
        profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(tt for _cc, _nc, tt, _ct, _callers in stats.values()) or 1.0
    groups = []
    for name, suffix, function in PROFILE_GROUPS:
        # the outermost call of each matching function: its cumulative time counts once
        matching = {
            key: value
            for key, value in stats.items()
            if key[2] == function and key[0].endswith(suffix)
        }
        outer = sum(
            value[3]
            for key, value in matching.items()
            if not any(caller in matching for caller in value[4])
        )
        groups.append((name, outer / total))
    top = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:10]
    return {
        "seconds_per_request": total / repeat,
        "groups": groups,
        "top": [
            (
                key[2]
                if key[0] == "~"  # a built-in
                else f"{Path(key[0]).parent.name}/{Path(key[0]).name}:{key[1]}({key[2]})",
                value[1] / repeat,
                value[2] / total,
            )
            for key, value in top
        ],
    }


def measure_heavy(label: str, seconds: float, repeat: int, profile: int) -> dict:
    """One run: each heavy page in process (median, p95, queries, a profile), then under
    gunicorn /healthz/'s and the queue's throughput side by side, and the final list's and the
    progress page's latency one request at a time."""
    print(f"Heavy pages ({label})…", flush=True)
    git = ["git", "-C", str(APP_ROOT), "log", "-1", "--format=%h %cs"]
    found = subprocess.run(git, capture_output=True, text=True)  # noqa: S603
    commit = found.stdout.strip() or APP_ROOT.name
    run = {
        "label": label,
        "commit": commit,
        "app_root": str(APP_ROOT),
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "pages": {},
    }
    gc.collect()
    gc.freeze()
    for page, username, name in HEAVY_PAGES:
        url = reverse(name, args=[CAMPAIGN_CODE])
        client = login(username)
        fresh = page.endswith(", computed")
        times, queries = [], set()
        for i in range(repeat + 2):
            if fresh:
                cache.clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{page} for {username}: HTTP {response.status_code} at {url}")
            if i >= 2:
                times.append(elapsed)
                queries.add(len(captured))
        entry = {
            "url": url,
            "median": statistics.median(times),
            "p95": percentile(times, 95),
            "queries": sorted(queries),
            "bytes": len(response.content),
        }
        if profile:
            entry["profile"] = profile_page(client, url, profile, fresh=fresh)
        run["pages"][page] = entry
        print(
            f"  {page:<16} median {entry['median']:6.1f} ms  p95 {entry['p95']:6.1f} ms  "
            f"{max(queries)} queries",
            flush=True,
        )
    server = start_gunicorn()
    try:
        wait_for_healthz(PORT)
        cookie = login("tp_tochuc").cookies["sessionid"].value
        served = {}
        queue = run["pages"]["Appraisal queue"]["url"]
        for page, path, threads in [
            ("/healthz/", "/healthz/", 4),
            ("Appraisal queue", queue, 4),
            ("Appraisal queue, computed", queue, 4),
            ("Final list", run["pages"]["Final list"]["url"], 1),
            ("Progress", run["pages"]["Progress"]["url"], 1),
        ]:
            fresh = page.endswith(", computed")
            # warm the workers
            load_latencies(path, cookie, seconds=2, threads=threads, fresh=fresh)
            rate, errors, latencies = load_latencies(
                path, cookie, seconds=seconds, threads=threads, fresh=fresh
            )
            served[page] = {
                "rate": rate,
                "errors": errors,
                "threads": threads,
                "median": statistics.median(latencies) if latencies else 0.0,
                "p95": percentile(latencies, 95) if latencies else 0.0,
            }
            print(
                f"  gunicorn {page:<16} {rate:6.1f} req/s ({threads} clients), median "
                f"{served[page]['median']:.0f} ms, p95 {served[page]['p95']:.0f} ms, "
                f"{errors} errors",
                flush=True,
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    run["served"] = served
    run["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return run


def heavy_markdown(runs: dict) -> str:
    """The section "Issue 19: heavy pages": one column per labelled run (before, after)."""
    labels = [label for label in ("before", "after") if label in runs] + sorted(
        set(runs) - {"before", "after"}
    )
    day = max(runs[label]["started"] for label in labels)[:10]
    head = [
        f"## Issue 19: heavy pages ({day})",
        "",
        "`bench/run.py --only heavy` (commands in docs/performance.md): the city's top "
        "(`tp_tochuc`), in process (Django's test client, templates rendered as a server does) "
        "and under gunicorn with 2 workers. Each column is one run: /healthz/ and the queue "
        "measured side by side in it.",
        "",
    ]
    for label in labels:
        run = runs[label]
        head.append(
            f"- **{label}**: commit {run['commit']}, {run['started']}, load average "
            f"{run['load_start']} at the start, {run['load_end']} at the end"
        )
    out = [
        *head,
        "",
        "| Measure | " + " | ".join(labels) + " | Target |",
        "|---|" + "---|" * len(labels) + "---|",
    ]

    def row(measure: str, cell, target: str = "") -> None:
        out.append(f"| {measure} | " + " | ".join(cell(runs[x]) for x in labels) + f" | {target} |")

    def served(page):
        def cell(run):
            s = run["served"][page]
            return f"{s['rate']:.1f} req/s, median {s['median']:.0f} ms ({s['errors']} errors)"

        return cell

    row("/healthz/ under gunicorn (4 clients)", served("/healthz/"), "reference")
    row("Appraisal queue under gunicorn (4 clients)", served("Appraisal queue"))

    def ratio(page):
        def cell(run):
            base = run["served"]["/healthz/"]["rate"]
            if page not in run["served"]:
                return "n/a"
            return f"{run['served'][page]['rate'] / base:.0%}" if base else "n/a"

        return cell

    row("Queue / healthz", ratio("Appraisal queue"), "≥ 30%")
    row(
        "Appraisal queue, computed for each request, under gunicorn (4 clients)",
        lambda run: (
            served("Appraisal queue, computed")(run)
            if "Appraisal queue, computed" in run["served"]
            else "n/a (no cache)"
        ),
    )
    row("Queue computed for each request / healthz", ratio("Appraisal queue, computed"))
    for page, _user, _name in HEAVY_PAGES:
        target = "p95 < 150 ms (quiet machine)" if not page.startswith("Appraisal") else ""
        row(
            f"{page}, in process: median / p95",
            lambda run, page=page: (
                f"{run['pages'][page]['median']:.0f} / {run['pages'][page]['p95']:.0f} ms"
            ),
            target,
        )
        row(
            f"{page}: SQL queries, HTML size",
            lambda run, page=page: (
                f"{max(run['pages'][page]['queries'])}, "
                f"{run['pages'][page]['bytes'] / 1024:.0f} KiB"
            ),
        )
    for page in ("Final list", "Progress"):
        row(
            f"{page} under gunicorn, one client: median / p95",
            lambda run, page=page: (
                f"{run['served'][page]['median']:.0f} / {run['served'][page]['p95']:.0f} ms"
            ),
            "p95 < 150 ms (quiet machine)",
        )
    for label in labels:
        run = runs[label]
        if not any("profile" in entry for entry in run["pages"].values()):
            continue
        out += ["", f"### Profiles, {label} (cProfile, in process; share of the profiled time)"]
        for page, entry in run["pages"].items():
            prof = entry.get("profile")
            if not prof:
                continue
            groups = "; ".join(f"{name} {share:.0%}" for name, share in prof["groups"] if share)
            out += [
                "",
                f"**{page}** ({prof['seconds_per_request'] * 1000:.0f} ms a request under the "
                f"profiler): {groups}. Most time of their own:",
                "",
                "| Function | calls a request | own time |",
                "|---|---:|---:|",
            ]
            out += [
                f"| `{name}` | {calls:,.0f} | {share:.1%} |" for name, calls, share in prof["top"]
            ]
    return "\n".join(out) + "\n"


def write_heavy(run: dict, output: Path) -> str:
    """Keep the run under its label in ``HEAVY_RUNS`` and write the section into ``output``
    in place of an earlier one."""
    runs = json.loads(HEAVY_RUNS.read_text()) if HEAVY_RUNS.exists() else {}
    runs[run["label"]] = run
    HEAVY_RUNS.write_text(json.dumps(runs, indent=1, ensure_ascii=False) + "\n")
    section = heavy_markdown(runs)
    text = output.read_text(encoding="utf-8") if output.exists() else ""
    marker = "## Issue 19: heavy pages"
    if marker in text:
        start = text.index(marker)
        end = text.find("\n## ", start + len(marker))
        text = text[:start] + section + (text[end + 1 :] if end != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    output.write_text(text, encoding="utf-8")
    return section


# --- PDFs and the bundle -------------------------------------------------------------------------


def timed_get(client: Client, url: str, repeat: int) -> tuple[list[float], bytes]:
    times, content = [], b""
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        content = response.content
    return times, content


def pdf_pages(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def two_page_report(client: Client) -> str:
    """The report of a nomination with a long summary, cut (in the caller's transaction, rolled
    back) to the most lines that still fit two pages. Its address, with ``?format=pdf``."""
    from django.db.models.functions import Length

    nomination = (
        Nomination.objects.unscoped("benchmark")
        .filter(campaign__code=CAMPAIGN_CODE, level__position=3)
        .annotate(n=Length("achievement_summary"))
        .order_by("-n", "id")
        .first()
    )
    url = reverse("documents:achievement-report", args=[nomination.public_id]) + "?format=pdf"
    lines = nomination.achievement_summary.splitlines()
    for count in range(len(lines), 0, -1):
        Nomination.objects.filter(pk=nomination.pk).update(
            achievement_summary="\n".join(lines[:count])
        )
        if pdf_pages(client.get(url).content) <= 2:
            break
    return url


def measure_pdfs(report: Report, repeat: int) -> None:
    print("PDFs…", flush=True)
    client = login("tp_tochuc")
    with transaction.atomic():
        url = two_page_report(client)
        times, content = timed_get(client, url, repeat + 1)
        transaction.set_rollback(True)
    times = times[1:]
    pages = pdf_pages(content)
    report.other(
        f"PDF: achievement report ({pages} pages)",
        f"median {statistics.median(times):.0f} ms, max {max(times):.0f} ms",
        "< 400 ms",
        statistics.median(times) < 400,
    )
    district = Unit.objects.get(code=f"{TOP_CODE}-D01")
    client = login("tc_tp_d01")
    url = reverse("documents:proposal", args=[CAMPAIGN_CODE, district.code]) + "?format=pdf"
    times, content = timed_get(client, url, 2)
    listed = forwarded_count(district)
    report.other(
        f"PDF: tờ trình listing {listed} nominees ({pdf_pages(content)} pages)",
        f"median {statistics.median(times) / 1000:.1f} s",
        "reported",
        None,
    )


def forwarded_count(district: Unit) -> int:
    from nominations.models import LevelDecision, Outcome

    return LevelDecision.objects.filter(unit=district, outcome=Outcome.FORWARD).count()


def measure_bundle(report: Report) -> None:
    print("Bundle through a Celery worker…", flush=True)
    from campaigns.models import Campaign
    from dossiers.bundles.services import request_bundle

    if not os.environ.get("REDIS_URL"):
        report.other(
            "Bundle of the district (Celery)", "skipped: REDIS_URL not set", "< 90 s", None
        )
        return
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-l",
            "warning",
            "--concurrency",
            "2",
            "--without-gossip",
            "--without-mingle",
            "-n",
            "bench@%h",
        ],
        cwd=APP_ROOT,
        env=os.environ.copy(),
    )
    sampler = RssSampler(worker.pid)
    sampler.start()
    try:
        time.sleep(6)  # the worker connects to the broker
        user = User.objects.get(username="tc_tp_d01")
        district = Unit.objects.get(code=f"{TOP_CODE}-D01")
        campaign = Campaign.objects.get(code=CAMPAIGN_CODE)
        started = time.monotonic()
        bundle = request_bundle(user, campaign, district)
        while True:
            bundle.refresh_from_db()
            if bundle.is_finished or time.monotonic() - started > 600:
                break
            time.sleep(0.5)
        elapsed = time.monotonic() - started
        sampler.stop()
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(60)
    ok = bundle.is_ready and elapsed < 90
    size = f", {bundle.size / 2**20:.1f} MiB" if bundle.size else ""
    report.other(
        f"Bundle of {bundle.nominees} nominees ({bundle.total} files{size}, worker of 2)",
        f"{elapsed:.1f} s ({bundle.state}{': ' + bundle.error if bundle.error else ''})",
        "< 90 s",
        ok,
    )
    report.other(
        "Peak RSS of the Celery worker",
        f"{sampler.peak_child / 2**20:.0f} MiB "
        f"(main process {sampler.peak_parent / 2**20:.0f} MiB)",
        "reported",
        None,
    )


# --- four-good evaluation ------------------------------------------------------------------------


def measure_four_good(report: Report) -> None:
    print("Four-good evaluation…", flush=True)
    try:
        from movements.evaluation import evaluate_year
    except ImportError:
        report.other("Four-good evaluation of the city (one year)", "not available", "< 10 s", None)
        return
    from campaigns.models import Campaign, Movement

    campaign = Campaign.objects.get(code=CAMPAIGN_CODE)
    year = campaign.rating_year
    started = time.monotonic()
    with transaction.atomic():
        results = evaluate_year(year, with_streak=False)
        transaction.set_rollback(True)
    elapsed = time.monotonic() - started
    report.other(
        f"Four-good evaluation of the city ({year}, {len(results):,} units)",
        f"{elapsed:.1f} s",
        "< 10 s",
        elapsed < 10,
    )
    # The streak walks back over the earlier years while some unit is still bốn tốt: a
    # movement over the dataset's three years of ratings (made and rolled back here).
    with transaction.atomic():
        movement = Movement.objects.create(campaign=campaign, first_year=year - 2, last_year=year)
        started = time.monotonic()
        results = evaluate_year(year, movement=movement)
        elapsed = time.monotonic() - started
        transaction.set_rollback(True)
    longest = max((r.streak or 0 for r in results), default=0)
    report.other(
        f"Four-good evaluation of the city ({year - 2}–{year}, with the streak; "
        f"longest {longest} years)",
        f"{elapsed:.1f} s",
        "< 10 s",
        elapsed < 10,
    )


# --- import ------------------------------------------------------------------------------------


def people_workbook(rows: int, path: Path) -> None:
    from openpyxl import Workbook

    from committees.imports.columns import (
        BIRTH_DATE,
        FULL_NAME,
        GENDER,
        PARTY_MEMBER,
        PERSON_CODE,
        PHONE,
        POSITION,
        UNIT_CODE,
    )

    rng = random.Random(7)  # noqa: S311 - sample data, not secrets
    cells = list(
        Unit.objects.filter(code__startswith=f"{TOP_CODE}-", depth=4).values_list("code", flat=True)
    )
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Đảng viên")
    sheet.append(
        [PERSON_CODE, FULL_NAME, BIRTH_DATE, GENDER, UNIT_CODE, PARTY_MEMBER, POSITION, PHONE]
    )
    for i in range(1, rows + 1):
        sheet.append(
            [
                f"NX{i:07d}",
                f"Nguyễn Văn Nhập {i}",
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1960, 2000)}",
                rng.choice(["Nam", "Nữ"]),
                rng.choice(cells),
                "Có",
                "Đảng viên",
                f"09{rng.randrange(10**8):08d}",
            ]
        )
    book.save(path)


class PeakMemory(threading.Thread):
    """The peak resident memory of this process while it runs, sampled every 20 ms."""

    def __init__(self):
        super().__init__(daemon=True)
        self.process = psutil.Process()
        self.peak = self.process.memory_info().rss
        self.running = True

    def run(self):
        while self.running:
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.02)

    def stop(self) -> int:
        self.running = False
        self.join()
        return max(self.peak, self.process.memory_info().rss)


def timed(action):
    """``(result, wall seconds, CPU seconds of this process, peak RSS in MiB)`` of ``action()``."""
    gc.collect()
    memory = PeakMemory()
    memory.start()
    started, cpu = time.monotonic(), time.process_time()
    result = action()
    wall, cpu = time.monotonic() - started, time.process_time() - cpu
    return result, wall, cpu, memory.stop() / 2**20


def old_table(path: Path):
    """The people sheet as the reader before python-calamine gave it (bench/old_reader.py)."""
    from bench.old_reader import read_xlsx
    from committees.imports.reading import Table

    with path.open("rb") as file:
        headers, rows = read_xlsx(file)
    return Table(headers=headers, rows=rows)


def new_table(path: Path):
    from committees.imports.importers import header_names
    from committees.imports.reading import read_table

    with path.open("rb") as file:
        return read_table(file, path.name, header_names=header_names("people"))


def measure_reading(report: Report, rows: int) -> None:
    """The old and the new reader on the same people workbook, one after the other."""
    print(f"Reading {rows:,} people…", flush=True)
    path = people_path(rows)
    for label, read in (("old lxml reader", old_table), ("python-calamine", new_table)):
        table, wall, cpu, peak = timed(lambda read=read: read(path))
        assert len(table.rows) == rows
        del table
        rate = rows / wall
        report.other(
            f"Reading {rows:,} people from XLSX, {label}",
            f"{wall:.1f} s ({cpu:.1f} s CPU), {rate:,.0f} rows/s ({rows / cpu:,.0f} per CPU "
            f"second), peak RSS {peak:,.0f} MiB",
            "> 40,000 rows/s" if label == "python-calamine" else "before",
            rate > 40_000 if label == "python-calamine" else None,
        )


def people_path(rows: int) -> Path:
    path = Path(os.environ.get("VAR_DIR", ROOT / "var")) / f"bench-people-{rows}.xlsx"
    if not path.exists():
        people_workbook(rows, path)
    return path


def import_in_fresh_process(path: Path, *, tree: Path = ROOT, reader: str = "calamine") -> dict:
    """``bench/import_once.py`` in a new interpreter: its wall and CPU seconds, rows created and
    peak RSS, measured in a process that did nothing but start Django and import."""
    command = [sys.executable, str(ROOT / "bench" / "import_once.py"), str(path)]
    command += ["--tree", str(tree), "--reader", reader]
    done = subprocess.run(  # noqa: S603
        command, cwd=tree, env=os.environ.copy(), capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"Import in {tree} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_import(
    report: Report, rows: int, *, baseline: Path | None = None, runs: int = 1
) -> None:
    """The import of ``rows`` people, each in a fresh process, through this tree and before it:
    through the code of ``baseline`` when given (another checkout: the figures before a change,
    measured in the same minutes), else through the reader before python-calamine; ``runs``
    times each, in turn, the median reported."""
    print(f"Import of {rows:,} people (each in a fresh process)…", flush=True)
    path = people_path(rows)
    if baseline is not None:
        variants = [(f"before ({baseline.name})", baseline, "calamine")]
    else:
        variants = [("old lxml reader", ROOT, "old")]
    variants.append(("python-calamine, this tree", ROOT, "calamine"))
    measured: dict[str, list[dict]] = {label: [] for label, _tree, _reader in variants}
    for _run in range(runs):
        for label, tree, reader in variants:
            load = os.getloadavg()[0]
            result = import_in_fresh_process(path, tree=tree, reader=reader)
            result["load"] = load
            measured[label].append(result)
            print(f"  {label}: {result} (load {load:.2f})", flush=True)
    for label, tree, _reader in variants:
        results = measured[label]
        wall = statistics.median(r["wall"] for r in results)
        cpu = statistics.median(r["cpu"] for r in results)
        servers = [r["server_cpu"] for r in results if r.get("server_cpu") is not None]
        server = (
            f", {statistics.median(servers):.1f} s in its PostgreSQL backend" if servers else ""
        )
        peak = max(r["peak_mib"] for r in results)
        loads = ", ".join(f"{r['load']:.1f}" for r in results)
        rate = rows / wall
        new = tree == ROOT and label.startswith("python-calamine")
        report.other(
            f"Import of {rows:,} people from XLSX, {label} ({results[0]['created']:,} created; "
            f"fresh process, commit-time checks included)",
            f"{wall:.1f} s ({cpu:.1f} s CPU in the importing process{server}), {rate:,.0f} rows/s, "
            f"peak RSS {peak:,.0f} MiB ({peak * 2**20 / 1e6:,.0f} MB; load {loads})",
            "> 25,000 rows/s, < 400 MB" if new else "before",
            (rate > 25_000 and peak * 2**20 < 400e6) if new else None,
        )


# --- the report --------------------------------------------------------------------------------


def machine() -> list[str]:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout  # noqa: S607
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in lscpu.splitlines()
            if line.startswith("Model name")
        ),
        platform.processor(),
    )
    with connection.cursor() as cursor:
        cursor.execute("show server_version")
        pg = cursor.fetchone()[0]
    ram = psutil.virtual_memory().total / 2**30
    return [
        f"CPU: {model}, {psutil.cpu_count()} cores; RAM {ram:.0f} GiB",
        f"PostgreSQL {pg}; Python {platform.python_version()}; Django {django.get_version()}",
        f"Load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
        "(the machine is shared: timings are noisy)",
    ]


def markdown(report: Report, header: list[str]) -> str:
    out = [
        "## Results",
        "",
        *[f"- {line}" for line in header],
        "",
        "### Pages (in process, warm)",
        "",
        "| Page | User | median ms | p95 ms | SQL queries | p95 < 150 ms, ≤ 15 queries |",
        "|---|---|---:|---:|---:|---|",
    ]
    out += [f"| {' | '.join(row)} |" for row in report.pages]
    if report.searches:
        out += [
            "",
            "### Search (in process, warm; the whole page)",
            "",
            "Matches are people / units / nominations in the user's subtree (counted up to 1,000).",
            "",
            "| Typed | User | matches | median ms | p95 ms | SQL queries | p95 < 50 ms |",
            "|---|---|---|---:|---:|---:|---|",
        ]
        out += [f"| {' | '.join(row)} |" for row in report.searches]
    out += [
        "",
        "### Throughput, documents, evaluation, import, memory",
        "",
        "| Measure | Result | Target | Met |",
        "|---|---|---|---|",
    ]
    out += [f"| {' | '.join(row)} |" for row in report.others]
    if report.notes:
        out += ["", *report.notes]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=40, help="requests per page")
    parser.add_argument("--seconds", type=float, default=15, help="seconds of load per URL")
    parser.add_argument("--import-rows", type=int, default=250_000)
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout (e.g. `git archive main`) whose import is measured beside this one",
    )
    parser.add_argument("--import-runs", type=int, default=1, help="imports of each variant")
    parser.add_argument(
        "--output",
        type=Path,
        default=ROOT / "bench" / "results.md",
        help="where to write the Markdown report",
    )
    parser.add_argument(
        "--only",
        nargs="*",
        choices=[
            "pages",
            "search",
            "throughput",
            "heavy",
            "pdf",
            "bundle",
            "four_good",
            "read",
            "import",
            "public-vote",
        ],
    )
    parser.add_argument(
        "--before-root",
        type=Path,
        help="public-vote: a copy of main's code; measured first, beside this tree, in one run",
    )
    parser.add_argument(
        "--ballots", type=int, default=5000, help="public-vote: voters prepared for each server"
    )
    parser.add_argument(
        "--label",
        default="after",
        help="the column of the heavy pages' table this run fills (before, after)",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=20,
        help="requests profiled per heavy page (0: no profile)",
    )
    parser.add_argument(
        "--app-root",
        type=Path,
        default=ROOT,
        help="measure the application checked out there (e.g. a worktree at main's commit)",
    )
    args = parser.parse_args()
    if not connection.vendor == "postgresql":
        raise SystemExit("Set DATABASE_URL to the PostgreSQL database with the city dataset.")
    if not Unit.objects.filter(code=TOP_CODE).exists():
        raise SystemExit("No dataset: run `manage.py generate_dataset --scale city` first.")
    setup_test_environment()  # the test client's host, in-memory e-mail
    # The test client keeps a copy of every template's context (for ``response.context``); a
    # server does not, and the pages render dozens of includes.
    Template._render = _TestState.saved_data.template_render
    header = machine()
    report = Report()
    wanted = set(
        args.only
        or ["pages", "search", "throughput", "pdf", "bundle", "four_good", "read", "import"]
    )
    started = time.monotonic()
    if "public-vote" in wanted:
        # Its own dated section, appended to the output (bench/public_vote.py).
        from bench import public_vote

        public_vote.measure(
            args.output,
            seconds=args.seconds,
            before_root=args.before_root,
            port=PORT,
            ballots=args.ballots,
        )
        wanted.discard("public-vote")
        if not wanted:
            return
    if "pages" in wanted:
        measure_pages(report, args.repeat)
    if "search" in wanted:
        measure_search(report, args.repeat)
    if "throughput" in wanted:
        measure_throughput(report, args.seconds)
    if "heavy" in wanted:
        section = write_heavy(
            measure_heavy(args.label, args.seconds, args.repeat, args.profile), args.output
        )
        if wanted == {"heavy"}:
            # only this section: the rest of the report stays as the last full run wrote it
            print()
            print(section)
            return
    if "pdf" in wanted:
        measure_pdfs(report, 5)
    if "bundle" in wanted:
        measure_bundle(report)
    if "four_good" in wanted:
        measure_four_good(report)
    if "read" in wanted:
        measure_reading(report, args.import_rows)
    if "import" in wanted:
        measure_import(report, args.import_rows, baseline=args.baseline, runs=args.import_runs)
    header.append(
        f"Load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
        f"run took {time.monotonic() - started:.0f} s"
    )
    text = markdown(report, header)
    print()
    print(text)
    # The load test's dated sections (bench/load/run.py) follow the report: keep them.
    old = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
    load = old[old.index(LOAD_TEST) :] if LOAD_TEST in old else ""
    args.output.write_text(text + ("\n" + load if load else ""), encoding="utf-8")


if __name__ == "__main__":
    main()
