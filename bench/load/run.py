"""The load test: the deadline hour and the public vote, against gunicorn, a Celery worker,
PostgreSQL and Redis started as production starts them, on the city dataset.

    DATABASE_URL=postgres://…/city REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/load/run.py            # both mixes, at most about 9 minutes
    … bench/load/run.py --quick                        # a smoke run, 2–3 minutes
    … bench/load/run.py --mix vote --stages 20,40,80   # one mix, chosen steps

For each mix it steps the number of simulated users up (``--stages``), each stage a fresh
Locust run of ``--stage-seconds`` after all users have started, and stops at the first stage
whose p95 (all requests) is 300 ms or more, or that has any failed request. The last stage that
passed is the mix's sustained rate; its p50/p95/p99 per page, the CPU and memory of every process
(gunicorn master and workers, the Celery worker, PostgreSQL backends of this database, Redis,
Locust itself) and the most PostgreSQL connections seen (``pg_stat_activity``) go into a dated
section of ``bench/results.md``. Then it checks that no rule broke: quotas, forwarding caps, one
ballot per verified address, the history chains (what ``manage.py verify_history`` checks).

Only 127.0.0.1 is ever targeted or bound. The dataset's database is written to (nominations
filed, tallies recorded, a public vote opened and voted in): run it on a copy.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from bench.http_load import percentile  # noqa: E402  (after the path above)

HOST = "127.0.0.1"
P95_LIMIT_MS = 300
#: users per stage: a full run of both mixes (stages of 30 s, about 42 s with starting and
#: stopping Locust, a warm-up and the plan for each mix, the checks) takes at most about 9 minutes,
#: less when a mix stops at an earlier stage (3.5 minutes on the shared machine)
FULL_STAGES = {"deadline": [5, 10, 20, 40, 80], "vote": [10, 20, 40, 80, 160]}
QUICK_STAGES = {"deadline": [5, 15], "vote": [5, 15]}
GROUPS = ("gunicorn master", "gunicorn workers", "celery", "postgres backends", "redis", "locust")


SIGN_IN = "POST login"


@dataclass
class Stage:
    users: int
    rows: list[dict]
    aggregate: dict
    usage: dict
    connections: int
    ok: bool
    why: str = ""


@dataclass
class MixResult:
    mix: str
    stages: list[Stage] = field(default_factory=list)

    @property
    def best(self) -> Stage | None:
        passed = [s for s in self.stages if s.ok]
        return passed[-1] if passed else None


# --- the processes -------------------------------------------------------------------------


def child_env(mail_dir: Path, media_dir: Path) -> dict:
    """Production's settings (docker-compose.yml) except what needs the HTTPS proxy: no
    ``DJANGO_ENV=production`` (HTTPS redirect, HSTS) and cookies without ``Secure``, since Locust
    speaks plain HTTP on the loopback; ``BEHIND_PROXY=1`` so each voter's address comes from
    ``X-Forwarded-For`` as the proxy would send it. E-mail goes to files, which Locust reads."""
    env = os.environ.copy()
    env.update(
        {
            "DEBUG": "0",
            "BEHIND_PROXY": "1",
            "SECURE_COOKIES": "0",
            "CONN_MAX_AGE": "60",
            "ALLOWED_HOSTS": HOST,
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
            "MEDIA_ROOT": str(media_dir),
            "LOG_LEVEL": "WARNING",
        }
    )
    env.pop("DJANGO_ENV", None)
    env.setdefault("SECRET_KEY", "bench-load-" + "x" * 40)
    return env


def gunicorn_command(port: int) -> list[str]:
    # docker-compose.yml's web command, bound to the loopback.
    return [
        sys.executable, "-m", "gunicorn", "config.wsgi",
        "--bind", f"{HOST}:{port}",
        "--workers", "3",
        "--timeout", "120",
        "--max-requests", "1000",
        "--max-requests-jitter", "100",
        "--access-logfile", "-",
    ]  # fmt: skip


def celery_command() -> list[str]:
    # docker-compose.yml's worker command.
    return [
        sys.executable, "-m", "celery", "-A", "config", "worker", "-l", "info",
        "--concurrency", "2", "--max-memory-per-child", "512000", "-n", "load@%h",
    ]  # fmt: skip


def wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer on {HOST}:{port}")


def wait_for_line(path: Path, text: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(errors="replace"):
            return
        time.sleep(0.3)
    raise SystemExit(f"the Celery worker did not start (see {path})")


class Sampler(threading.Thread):
    """Every second: CPU and memory of each group of processes, and this database's connections
    in ``pg_stat_activity``."""

    def __init__(self, gunicorn_pid: int, celery_pid: int, locust_pid: int | None = None):
        super().__init__(daemon=True)
        import psutil

        self.psutil = psutil
        self.roots = {"gunicorn": gunicorn_pid, "celery": celery_pid}
        self.locust_pid = locust_pid
        self.known: dict[int, object] = {}
        self.cpu: dict[str, list[float]] = {g: [] for g in GROUPS}
        self.rss: dict[str, float] = dict.fromkeys(GROUPS, 0.0)
        self.count: dict[str, int] = dict.fromkeys(GROUPS, 0)
        self.connections = 0
        self.halt = threading.Event()

    def process(self, pid: int):
        proc = self.known.get(pid)
        if proc is None:
            proc = self.psutil.Process(pid)
            proc.cpu_percent(None)  # the first call starts the measure
            self.known[pid] = proc
        return proc

    def groups(self) -> dict[str, list[int]]:
        from django.db import connection

        ps = self.psutil
        out: dict[str, list[int]] = {g: [] for g in GROUPS}
        try:
            master = ps.Process(self.roots["gunicorn"])
            out["gunicorn master"] = [master.pid]
            out["gunicorn workers"] = [c.pid for c in master.children()]
            worker = ps.Process(self.roots["celery"])
            out["celery"] = [worker.pid] + [c.pid for c in worker.children(recursive=True)]
        except ps.NoSuchProcess:
            pass
        with connection.cursor() as cursor:
            cursor.execute(
                "select pid from pg_stat_activity where datname = current_database() "
                "and pid <> pg_backend_pid()"
            )
            pids = [row[0] for row in cursor.fetchall()]
        self.connections = max(self.connections, len(pids))
        out["postgres backends"] = pids
        out["redis"] = [
            p.pid for p in ps.process_iter(["name"]) if p.info["name"] == "redis-server"
        ]
        if self.locust_pid:
            out["locust"] = [self.locust_pid]
        return out

    def run(self):
        while not self.halt.wait(1.0):
            try:
                groups = self.groups()
            except Exception:  # noqa: S112 - a sample lost is no reason to stop the run
                continue
            for group, pids in groups.items():
                cpu = rss = 0.0
                for pid in pids:
                    try:
                        proc = self.process(pid)
                        cpu += proc.cpu_percent(None)
                        rss += proc.memory_info().rss
                    except (self.psutil.NoSuchProcess, self.psutil.AccessDenied):
                        continue
                self.cpu[group].append(cpu)
                self.rss[group] = max(self.rss[group], rss)
                self.count[group] = max(self.count[group], len(pids))

    def stop(self) -> dict:
        self.halt.set()
        self.join(5)
        return {
            group: {
                "cpu_mean": sum(v) / len(v) if (v := self.cpu[group][1:]) else 0.0,
                "cpu_max": max(self.cpu[group][1:], default=0.0),
                "rss_mib": self.rss[group] / 2**20,
                "processes": self.count[group],
            }
            for group in GROUPS
        }


# --- one stage -----------------------------------------------------------------------------


def read_stats(prefix: Path) -> tuple[list[dict], dict]:
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    aggregate = next(r for r in rows if r["Name"] == "Aggregated")
    return [r for r in rows if r["Name"] != "Aggregated"], aggregate


def run_stage(
    *, mix: str, users: int, seconds: int, port: int, plan_path: Path, work: Path, stage: int,
    gunicorn_pid: int, celery_pid: int,
) -> Stage:  # fmt: skip
    prefix = work / f"{mix}-{users}"
    command = [
        sys.executable, "-m", "locust",
        "-f", str(Path(__file__).with_name("locustfile.py")),
        "--headless", "--host", f"http://{HOST}:{port}",
        "-u", str(users), "-r", str(max(1, users // 2)),
        "-t", f"{seconds + 2 + users // max(1, users // 2)}s",
        "--reset-stats", "--csv", str(prefix), "--only-summary",
        "--loglevel", "WARNING", "--stop-timeout", "5",
    ]  # fmt: skip
    env = os.environ.copy()
    times_path = work / f"times-{mix}-{users}.json"
    env.update(
        {
            "LOAD_PLAN": str(plan_path),
            "LOAD_MIX": mix,
            "LOAD_STAGE": str(stage),
            "LOAD_TIMES": str(times_path),
        }
    )
    with open(work / f"locust-{mix}-{users}.log", "w") as log:
        locust = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        sampler = Sampler(gunicorn_pid, celery_pid, locust.pid)
        sampler.start()
        try:
            locust.wait(seconds + 120)
        finally:
            if locust.poll() is None:
                locust.send_signal(signal.SIGTERM)
                locust.wait(30)
            usage = sampler.stop()
    rows, aggregate = read_stats(prefix)
    times = json.loads(times_path.read_text()) if times_path.exists() else {}
    # The bar is for pages: signing in hashes the password (PBKDF2, slow on purpose, about a
    # second of one core), so its POST is reported on its own row and left out of the p95.
    pages = [t for key, values in times.items() if key != SIGN_IN for t in values]
    p95 = percentile(pages, 95) if pages else float(aggregate["95%"] or 0)
    aggregate["pages p95"] = f"{p95:.0f}"
    aggregate["pages p99"] = f"{percentile(pages, 99):.0f}" if pages else ""
    failures = int(aggregate["Failure Count"])
    why = []
    if failures:
        with open(f"{prefix}_failures.csv", newline="") as handle:
            first = next(csv.DictReader(handle), {})
        why.append(
            f"{failures} failed requests (e.g. {first.get('Name')}: {first.get('Error', '')[:120]})"
        )
    if p95 >= P95_LIMIT_MS:
        why.append(f"p95 {p95:.0f} ms without sign-in")
    if int(aggregate["Request Count"]) == 0:
        why.append("no requests")
    return Stage(users, rows, aggregate, usage, sampler.connections, not why, ", ".join(why))


# --- the report ----------------------------------------------------------------------------


def describe_mix(mix: str) -> str:
    from bench.load import mixes as s

    if mix == "deadline":
        weights = ", ".join(f"{k} {v}" for k, v in s.DEADLINE_WEIGHTS.items())
        return (
            f"Deadline hour: users by weight {weights} (cell secretaries sign in, open their "
            "page and the form, file a draft with a PDF for each document and send it; ward and "
            "district staff read their queue, handled list, subtree list, progress; standing "
            "members open their vote session and record a tally; the city reads the final list "
            "and progress); think time "
            f"{s.DEADLINE_THINK[0]}–{s.DEADLINE_THINK[1]} s after each page."
        )
    return (
        "Public vote: anonymous voters load the vote page, ask for a code (sent by the Celery "
        "worker through the file e-mail backend, read back by Locust), verify it and cast a "
        f"ballot of 1..max choices; think time {s.VOTE_THINK[0]}–{s.VOTE_THINK[1]} s, each voter "
        "a new address and a new forwarded client address."
    )


def markdown(results: list[MixResult], checks, header: list[str], stage_seconds: int) -> str:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [f"## Load test, {now}", "", *[f"- {line}" for line in header], ""]
    for result in results:
        out += [f"### {result.mix}", "", describe_mix(result.mix), ""]
        out += [
            "| users | req/s | p50 ms | p95 ms | p99 ms | p95 / p99 ms without sign-in "
            "| failures | PG connections | passed |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for st in result.stages:
            a = st.aggregate
            out.append(
                f"| {st.users} | {float(a['Requests/s']):.1f} | {a['50%']} | {a['95%']} | "
                f"{a['99%']} | {a['pages p95']} / {a['pages p99']} | {a['Failure Count']} | "
                f"{st.connections} | "
                f"{'yes' if st.ok else '**no**: ' + st.why} |"
            )
        best = result.best
        out.append("")
        if best is None:
            if not result.stages:
                continue
            best = result.stages[0]
            out += [
                f"**No stage passed** (p95 < {P95_LIMIT_MS} ms, no failures). Per page at the "
                f"first stage ({best.users} users):",
                "",
            ]
        else:
            out += [
                f"**Sustained: {float(best.aggregate['Requests/s']):.1f} requests/s with "
                f"{best.users} users** (stages of {stage_seconds} s; p95 < {P95_LIMIT_MS} ms and "
                "no failed request). Per page at that rate:",
                "",
            ]
        out += [
            "| page (URL name) | method | requests | req/s | p50 ms | p95 ms | p99 ms | failures |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for r in sorted(best.rows, key=lambda r: -int(r["Request Count"])):
            out.append(
                f"| {r['Name']} | {r['Type']} | {r['Request Count']} | "
                f"{float(r['Requests/s']):.1f} | {r['50%']} | {r['95%']} | {r['99%']} | "
                f"{r['Failure Count']} |"
            )
        out += [
            "",
            "| process | count | CPU mean % | CPU max % | peak RSS MiB |",
            "|---|---:|---:|---:|---:|",
        ]
        for group, u in best.usage.items():
            out.append(
                f"| {group} | {u['processes']} | {u['cpu_mean']:.0f} | {u['cpu_max']:.0f} | "
                f"{u['rss_mib']:.0f} |"
            )
        out += ["", f"PostgreSQL connections (max in pg_stat_activity): {best.connections}", ""]
    out += ["### Rules after the run", "", "| check | result | held |", "|---|---|---|"]
    out += [f"| {what} | {res} | {'yes' if ok else '**NO**'} |" for what, res, ok in checks]
    return "\n".join(out) + "\n"


def write_section(path: Path, section: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(text.rstrip("\n") + "\n\n" + section, encoding="utf-8")


# --- main ----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mix", choices=["deadline", "vote", "both"], default="both")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 2 short stages a mix")
    parser.add_argument("--stages", help="users per stage, e.g. 20,40,80")
    parser.add_argument("--stage-seconds", type=int, help="measured seconds per stage")
    parser.add_argument("--warm-seconds", type=int, default=10, help="warm-up, not counted")
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", "18300")))
    parser.add_argument("--host", default=HOST, help="must be 127.0.0.1")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args()
    if args.host != HOST:
        raise SystemExit(f"The load test targets {HOST} only, never {args.host!r}.")
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("Set REDIS_URL: the worker and the cache run on Redis, as in production.")
    stage_seconds = args.stage_seconds or (20 if args.quick else 30)

    import django

    django.setup()
    from django.db import connection

    from bench.load import plan as planner

    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a copy of the city dataset on PostgreSQL.")

    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    mail_dir, media_dir = work / "mail", work / "media"
    mail_dir.mkdir()
    media_dir.mkdir()
    env = child_env(mail_dir, media_dir)
    started_at = datetime.datetime.now(datetime.UTC)
    header = [
        f"Load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"gunicorn `{' '.join(gunicorn_command(args.port)[2:])}`; Celery "
        f"`{' '.join(celery_command()[2:])}` (docker-compose.yml's commands); PostgreSQL "
        f"database `{connection.settings_dict['NAME']}`, Redis `{os.environ['REDIS_URL']}`; "
        "Locust on the same machine",
    ]
    gunicorn_log = open(work / "gunicorn.log", "w")  # noqa: SIM115
    celery_log = open(work / "celery.log", "w")  # noqa: SIM115
    gunicorn = subprocess.Popen(  # noqa: S603
        gunicorn_command(args.port),
        cwd=ROOT,
        env=env,
        stdout=gunicorn_log,
        stderr=subprocess.STDOUT,
    )
    celery = subprocess.Popen(  # noqa: S603
        celery_command(), cwd=ROOT, env=env, stdout=celery_log, stderr=subprocess.STDOUT
    )
    results: list[MixResult] = []
    try:
        wait_for_port(args.port)
        wait_for_line(work / "celery.log", "ready.")
        mixes = ["deadline", "vote"] if args.mix == "both" else [args.mix]
        for mix in mixes:
            stages = (
                [int(n) for n in args.stages.split(",")]
                if args.stages
                else (QUICK_STAGES if args.quick else FULL_STAGES)[mix]
            )
            print(f"{mix}: preparing the plan…", flush=True)
            plan = planner.make_plan(
                mix=mix,
                cells_count=200 if args.quick else 1000,
                mail_dir=str(mail_dir),
                run=started_at.strftime("%H%M%S"),
            )
            result = MixResult(mix)
            results.append(result)
            # A warm-up, not counted: each gunicorn worker loads its code, templates and
            # caches on its first requests, as it would long before a deadline's last hour.
            warm_path = work / f"plan-{mix}.json"
            if mix == "deadline":
                planner.drop_used_cells(plan)
            warm_path.write_text(json.dumps(plan))
            warm = run_stage(
                mix=mix, users=stages[0], seconds=args.warm_seconds, port=args.port,
                plan_path=warm_path, work=work, stage=99,
                gunicorn_pid=gunicorn.pid, celery_pid=celery.pid,
            )  # fmt: skip
            if int(warm.aggregate["Failure Count"]):
                print(f"  warm-up: {warm.why}", flush=True)
            for index, users in enumerate(stages):
                if mix == "deadline":
                    planner.drop_used_cells(plan)
                plan_path = work / f"plan-{mix}.json"
                plan_path.write_text(json.dumps(plan))
                for old in mail_dir.glob("*.log"):
                    old.rename(work / f"read-{old.name}")
                st = run_stage(
                    mix=mix, users=users, seconds=stage_seconds, port=args.port,
                    plan_path=plan_path, work=work, stage=index,
                    gunicorn_pid=gunicorn.pid, celery_pid=celery.pid,
                )  # fmt: skip
                result.stages.append(st)
                a = st.aggregate
                print(
                    f"  {users:4d} users: {float(a['Requests/s']):6.1f} req/s, p50 {a['50%']} ms, "
                    f"p95 {a['95%']} ms, p99 {a['99%']} ms (without sign-in: p95 "
                    f"{a['pages p95']} ms), {a['Failure Count']} failures, "
                    f"{st.connections} PG connections: {'ok' if st.ok else 'stop: ' + st.why}",
                    flush=True,
                )
                for r in st.rows:
                    print(
                        f"      {r['Name']:<40} {r['Request Count']:>6} p50 {r['50%']:>5} "
                        f"p95 {r['95%']:>5} p99 {r['99%']:>5} failures {r['Failure Count']}",
                        flush=True,
                    )
                if not st.ok:
                    break
    finally:
        for proc in (gunicorn, celery):
            proc.send_signal(signal.SIGTERM)
        for proc in (gunicorn, celery):
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
        gunicorn_log.close()
        celery_log.close()
    print("Checking the rules…", flush=True)
    checks = planner.check_invariants(started_at)
    header.append(f"Load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    section = markdown(results, checks, header, stage_seconds)
    print()
    print(section)
    write_section(args.output, section)
    broken = [c for c in checks if not c[2]]
    if not broken:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"Logs kept in {work}", flush=True)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
