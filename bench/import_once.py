"""One import of a people workbook, alone in this fresh process, for ``bench/run.py``.

    python bench/import_once.py FILE.xlsx [--tree DIR] [--reader calamine|old]

``--tree`` is the source tree whose code imports (this one by default; another checkout, such
as the main branch exported with ``git archive``, to measure before and after in one run).
The import runs in a transaction that is rolled back, as the benchmark leaves the dataset as it
was; the foreign keys PostgreSQL checks at commit (``DEFERRABLE INITIALLY DEFERRED``) are
checked inside the measured time with ``SET CONSTRAINTS ALL IMMEDIATE``, so the figure is what
a committed import costs. Prints one line of JSON: wall and CPU seconds of the import, the rows
created, the CPU seconds of the PostgreSQL backend meanwhile (the same machine's server;
``null`` if its process cannot be read), and the peak resident memory of this process (the
kernel's high-water mark, so start-up included) and its resident memory just before the import.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", type=Path)
    parser.add_argument("--tree", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--reader", choices=["calamine", "old"], default="calamine")
    args = parser.parse_args()
    sys.path.insert(0, str(args.tree.resolve()))
    os.chdir(args.tree)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()

    import psutil
    from django.db import connection, transaction

    from committees.imports import import_file
    from committees.imports.importers import importer_for

    def old_import():
        from bench.old_reader import read_xlsx
        from committees.imports.reading import Table

        with args.file.open("rb") as file:
            headers, rows = read_xlsx(file)
        table = Table(headers=headers, rows=rows)
        return importer_for("people", table).run(table)

    def new_import():
        with args.file.open("rb") as file:
            return import_file("people", file, args.file.name)

    action = old_import if args.reader == "old" else new_import
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = psutil.Process(cursor.fetchone()[0])

    def backend_cpu() -> float | None:
        """CPU seconds of this connection's PostgreSQL process (same machine), if readable."""
        try:
            times = backend.cpu_times()
        except psutil.Error:
            return None
        return times.user + times.system

    before = psutil.Process().memory_info().rss
    with transaction.atomic():
        started, cpu, server = time.monotonic(), time.process_time(), backend_cpu()
        result = action()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what the commit would check
        wall, cpu = time.monotonic() - started, time.process_time() - cpu
        server_after = backend_cpu()
        transaction.set_rollback(True)  # leave the dataset as it was
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # The rolled-back rows stay behind as dead tuples until a vacuum clears them (see run.py).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE committees_person")
    print(
        json.dumps(
            {
                "wall": wall,
                "cpu": cpu,
                "server_cpu": None if server is None else server_after - server,
                "created": result.created,
                "peak_mib": peak_kib / 1024,
                "before_mib": before / 2**20,
            }
        )
    )


if __name__ == "__main__":
    main()
