"""Ledger scale benchmark: the same commands on ledgers of 30, 10,000 and 100,000 pledges.

    python bench/scale.py [--sizes 30,10000,100000] [--ops plan,report,export] [--db postgresql://...]

Each ledger is the reference data (requirement list, catalogue, its pledges) plus generated pledges
written with one bulk insert (no import checks, no events: the ledger's size is what is measured,
not the importer). Each operation runs as the real `ramstein` command in its own process; the table
gives its wall time and peak resident memory (the child's ru_maxrss), and the ratio to the smallest
ledger. With --db (a PostgreSQL server URL) each size gets a fresh database `ramstein_scale_<size>`
on that server, dropped afterwards; otherwise a temporary SQLite file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import make_url

from ramstein.bootstrap import prepare_database
from ramstein.db.engine import make_engine
from ramstein.models import Pledge, RequirementLine

NATIONS = ["NLD", "DEU", "DNK", "NOR", "SWE", "CAN", "BEL", "FIN", "POL", "GBR", "AUS", "ESP"]
STATUSES = ["announced", "confirmed", "committed", "disbursed"]
BATCH = 5_000


def generated_pledges(count: int, categories: list[str], seed: int = 1) -> list[dict[str, object]]:
    """`count` pledges in USD (rate 1), dated 2025-07 to 2026-10, most confirmed or later, half released."""
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    rows = []
    for _ in range(count):
        amount = Decimal(rng.randint(10**5, 10**8)) + Decimal(rng.randint(0, 99)) / 100
        month = rng.randint(0, 15)
        date = dt.date(2025 + (6 + month) // 12, (6 + month) % 12 + 1, rng.randint(1, 28))
        cats = rng.choice([None, None, [rng.choice(categories)], sorted(rng.sample(categories, 2))])
        rows.append({"nation_iso3": rng.choice(NATIONS), "date": date, "amount": amount, "currency": "USD",
                     "disclosed": rng.random() > 0.05, "status": rng.choice(STATUSES), "confidence": "reported",
                     "categories": cats, "note": "", "estimated": False, "usd_amount": amount,
                     "usd_rate": Decimal(1), "usd_rate_date": date, "eur_amount": amount * Decimal("0.9"),
                     "eur_rate": Decimal("0.9"), "eur_rate_date": date, "version": 1, "created_by": "bench",
                     "released_at": now if rng.random() < 0.5 else None})
    return rows


def build_ledger(url: str, size: int) -> int:
    """The reference data plus generated pledges up to `size`; returns the number of pledges."""
    engine = make_engine(url)
    prepare_database(engine)
    with engine.begin() as connection:
        have = connection.execute(select(func.count()).select_from(Pledge)).scalar_one()
        categories = sorted(connection.execute(select(RequirementLine.category).distinct()).scalars())
        rows = generated_pledges(max(size - have, 0), categories)
        for start in range(0, len(rows), BATCH):
            connection.execute(insert(Pledge), rows[start:start + BATCH])
        total = connection.execute(select(func.count()).select_from(Pledge)).scalar_one()
    engine.dispose()
    return total


def run(url: str, args: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB and exit code of `ramstein ARGS` on the database at `url`."""
    env = dict(os.environ, RAMSTEIN_DATABASE_URL=url)
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", "from ramstein.cli.app import main; main()", *args], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        print(f"  `ramstein {' '.join(args)}` exited {child.returncode}: "
              f"{child.stderr.read().decode()[-500:] if child.stderr else ''}", file=sys.stderr)
    return seconds, usage.ru_maxrss / 1024, child.returncode


def operations(folder: Path, which: list[str]) -> dict[str, list[str]]:
    known = {
        "plan": ["plan", "--time-limit", "900"],
        "report": ["report", "--format", "json", "--out", str(folder / "report.json")],
        "export": ["export", "pledges", "--format", "xlsx", "--out", str(folder / "pledges.xlsx")],
        "export-csv": ["export", "pledges", "--format", "csv", "--out", str(folder / "pledges.csv")],
    }
    return {name: known[name] for name in which}


def fresh_database(server: str, size: int) -> str:
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"ramstein_scale_{size}"
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def drop_database(server: str, size: int) -> None:
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS ramstein_scale_{size}"))
    admin.dispose()


def measure(size: int, server: str | None, ops: list[str], folder: Path
            ) -> tuple[int, dict[str, tuple[float, float, int]]]:
    url = fresh_database(server, size) if server else f"sqlite:///{folder}/scale_{size}.db"
    try:
        started = time.perf_counter()
        pledges = build_ledger(url, size)
        print(f"ledger of {pledges:,} pledges built in {time.perf_counter() - started:.1f} s", flush=True)
        found = {}
        for name, args in operations(folder, ops).items():
            found[name] = run(url, args)
            print(f"  {name:<10} {found[name][0]:8.2f} s  {found[name][1]:8.0f} MiB"
                  f"{'' if not found[name][2] else f'  (exit {found[name][2]})'}", flush=True)
        return pledges, found
    finally:
        if server:
            drop_database(server, size)


def table(sizes: list[int], results: dict[int, dict[str, tuple[float, float, int]]], ops: list[str],
          counts: dict[int, int]) -> str:
    head = "| operation | " + " | ".join(f"{counts[s]:,} pledges" for s in sizes) + " |"
    lines = [head, "|---" * (len(sizes) + 1) + "|"]
    base = results[sizes[0]]
    for name in ops:
        cells = []
        for s in sizes:
            seconds, mib, code = results[s][name]
            cell = f"{seconds:.2f} s, {mib:,.0f} MiB"
            if s != sizes[0]:
                cell += f" ({seconds / base[name][0]:.2f}x, {mib / base[name][1]:.2f}x)"
            cells.append(cell + (f" exit {code}" if code else ""))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="30,10000,100000", help="comma-separated pledge counts")
    parser.add_argument("--ops", default="plan,report,export", help="plan, report, export, export-csv")
    parser.add_argument("--db", default=None, help="PostgreSQL server URL (a fresh database per size)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    ops = args.ops.split(",")
    print(f"load average at start {os.getloadavg()[0]:.1f}; {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        measured = {size: measure(size, args.db, ops, Path(folder)) for size in sizes}
    print()
    print(table(sizes, {s: m[1] for s, m in measured.items()}, ops, {s: m[0] for s, m in measured.items()}))


if __name__ == "__main__":
    main()
