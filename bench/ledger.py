"""Ledger benchmark: reference-data load, and a large pledge import (all rows checked, then written).

    python bench/ledger.py [--rows 10000] [--db sqlite:///... | postgresql://...]

Prints seconds and rows per second for each step, on a fresh database.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import tempfile
import time
from pathlib import Path

from ramstein.auth.actor import Actor
from ramstein.bootstrap import prepare_database
from ramstein.db.engine import make_engine, make_session_factory
from ramstein.db.uow import UnitOfWork
from ramstein.imports.service import import_file

NATIONS = ["NLD", "DEU", "DNK", "NOR", "SWE", "CAN", "BEL", "FIN", "POL", "GBR", "AUS", "ESP"]
CURRENCIES = ["EUR", "USD", "NOK", "SEK", "DKK", "GBP", "CAD", "AUD", "PLN"]


def write_file(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["nation", "date", "amount", "currency", "status", "confidence", "source_url", "source_title"])
        for i in range(rows):
            out.writerow([rng.choice(NATIONS), f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                          f"{rng.randint(1, 10**9)}.{rng.randint(0, 99):02d}", rng.choice(CURRENCIES),
                          rng.choice(["announced", "confirmed", "committed"]), "reported",
                          f"https://example.org/bench/{i % 50}", f"bench source {i % 50}"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{folder}/bench.db"
        engine = make_engine(url)
        t0 = time.perf_counter()
        counts = prepare_database(engine)
        print(f"migrate + reference data: {time.perf_counter() - t0:6.2f} s  ({counts})")
        path = Path(folder) / "pledges.csv"
        write_file(path, args.rows)
        t0 = time.perf_counter()
        with UnitOfWork(make_session_factory(engine), write=True) as uow:
            written = import_file(uow.session, Actor("bench", "operator"), "pledges", path)
            uow.commit()
        seconds = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"import {written} pledges:    {seconds:6.2f} s  ({written / seconds:,.0f} rows/s, "
              f"peak RSS {peak:,.0f} MiB; each row converted at its date's ECB rate, "
              f"every status step an event)")
        engine.dispose()


if __name__ == "__main__":
    main()
