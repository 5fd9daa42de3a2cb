"""HTTP load on 127.0.0.1 for the benchmark's sections (``run.py``, ``public_vote.py``): wait
for gunicorn, send requests from a few threads for a while, read the latencies back. Standard
library only, so that it imports before Django is set up.

A new connection per request: gunicorn's sync workers close it after each answer.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

HOST = "127.0.0.1"


def percentile(values: list[float], pct: float) -> float:
    """The nearest-rank percentile of ``values`` (not empty)."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def wait_for_healthz(port: int, timeout: float = 60) -> None:
    """Return once ``/healthz/`` answers 200 on ``port``; stop the benchmark otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer on port {port}")


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None = None


@dataclass(frozen=True)
class Answered:
    latencies: list[float]  # ms, of each request answered with the expected status
    errors: int  # any other status, or no answer
    elapsed: float  # s, from the first thread's start to the last one's end

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0


def hammer(
    port: int,
    next_request: Callable[[], Request | None],
    *,
    seconds: float,
    threads: int,
    expect: int = 200,
) -> Answered:
    """Send ``next_request()`` from ``threads`` threads until ``seconds`` have passed or it
    returns None (nothing left to send). It is called under a lock, so it may pop from a list."""
    stop_at = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client():
        while time.monotonic() < stop_at:
            with lock:
                request = next_request()
            if request is None:
                return
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
                conn.request(
                    request.method, request.path, body=request.body, headers=request.headers
                )
                response = conn.getresponse()
                response.read()
                conn.close()
                ok = response.status == expect
            except OSError:
                ok = False
            with lock:
                if ok:
                    latencies.append((time.perf_counter() - started) * 1000)
                else:
                    errors[0] += 1

    started = time.monotonic()
    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return Answered(latencies, errors[0], time.monotonic() - started)
