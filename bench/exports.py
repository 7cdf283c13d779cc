"""Open-data exports on a large ledger: time and peak memory of each, as the real `ramstein export` command.

    python bench/exports.py [--pledges 100000] [--packages 1000] [--db postgresql://.../bench_exports]

The ledger is the reference data plus generated records written with bulk inserts (no import checks):
`--pledges` pledges (5% undisclosed, all released, a quarter paid, most funding one of the packages),
`--packages` released packages at every stage with 3 orders and 2 funders each, a delivery per order
of the packages delivering or delivered, and the events that date each stage and payment (hashes are
placeholders: this log is not a chain). Each export runs in its own process; the table gives its wall
time, CPU time and peak resident memory (the child's ru_maxrss), the command's start included. Target
(issue 18): each under 30 s and 1 GB.
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
import uuid
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert, select

from ramstein.bootstrap import prepare_database
from ramstein.db.engine import make_engine
from ramstein.models import (
    Delivery,
    Event,
    Offer,
    Package,
    PackageFunder,
    PackageOrder,
    Pledge,
    RequirementLine,
)

NATIONS = ["NLD", "DEU", "DNK", "NOR", "SWE", "CAN", "BEL", "FIN", "POL", "GBR", "AUS", "ESP"]
STAGES = ["draft", "approved", "contracted", "delivering", "delivered"]
BATCH = 5_000
EXPORTS = [("ocds", ["ocds", "--out", "{out}/ocds.json"]),
           ("datapackage", ["datapackage", "--out", "{out}/datapackage"]),
           ("kiel-tracker csv", ["kiel-tracker", "--out", "{out}/kiel.csv"]),
           ("kiel-tracker xlsx", ["kiel-tracker", "--format", "xlsx", "--out", "{out}/kiel.xlsx"])]


def _insert(conn, table, rows) -> None:  # type: ignore[no-untyped-def]
    for start in range(0, len(rows), BATCH):
        conn.execute(insert(table), rows[start:start + BATCH])


def _event(at: dt.datetime, action: str, entity: str, entity_id: object) -> dict[str, object]:
    return {"at": at, "actor": "bench", "role": "system", "action": action, "entity": entity,
            "entity_id": str(entity_id), "before": None, "after": None, "request_id": None,
            "prev_hash": "0" * 64, "hash": uuid.uuid4().hex + uuid.uuid4().hex}


def build_ledger(url: str, pledges: int, packages: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    engine = make_engine(url)
    prepare_database(engine)
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        offers = list(conn.execute(select(Offer.id)).scalars())
        requirements = sorted(set(conn.execute(select(RequirementLine.ref)).scalars()))
        package_rows, stages = [], []
        for n in range(packages):
            stage = STAGES[n % len(STAGES)]
            package_rows.append({"ref": f"B-{n}", "status": stage, "target_usd": Decimal(500_000_000),
                                 "contract_refs": [f"UA-B-{n:04d}"], "note": "", "version": 1,
                                 "released_at": now})
            stages.append(stage)
        _insert(conn, Package.__table__, package_rows)
        ids = dict(conn.execute(select(Package.ref, Package.id)).all())
        orders, funders, events = [], [], []
        for n, stage in enumerate(stages):
            ref = f"B-{n}"
            for k in range(3):
                orders.append({"package_id": ids[ref], "offer_id": rng.choice(offers),
                               "requirement_ref": rng.choice(requirements), "quantity": Decimal(100),
                               "cost_usd": Decimal(rng.randint(10**6, 2 * 10**8)), "month": k})
            for nation in rng.sample(NATIONS, 2):
                funders.append({"package_id": ids[ref], "nation_iso3": nation, "amount_usd": Decimal(250_000_000)})
            events += [_event(now, action, "package", ref)
                       for action in ["created", *STAGES[1:STAGES.index(stage) + 1]]]
        _insert(conn, PackageOrder.__table__, orders)
        _insert(conn, PackageFunder.__table__, funders)
        delivering = [ids[f"B-{n}"] for n, s in enumerate(stages) if s in ("delivering", "delivered")]
        order_ids = conn.execute(select(PackageOrder.id).where(PackageOrder.package_id.in_(delivering))).scalars()
        _insert(conn, Delivery.__table__, [
            {"order_id": o, "quantity": Decimal(40), "date": dt.date(2026, 3, 1), "confidence": "reported",
             "note": "", "created_by": "bench", "created_at": now} for o in order_ids])
        pledge_rows = []
        for _ in range(pledges):
            amount = Decimal(rng.randint(10**5, 10**8)) + Decimal(rng.randint(0, 99)) / 100
            disclosed = rng.random() > 0.05
            status = rng.choice(["announced", "confirmed", "committed", "disbursed"])
            date = dt.date(2025, rng.randint(7, 12), rng.randint(1, 28))
            pledge_rows.append({
                "nation_iso3": rng.choice(NATIONS), "date": date, "amount": amount, "currency": "USD",
                "disclosed": disclosed, "status": status, "confidence": "reported", "categories": None,
                "package_ref": f"B-{rng.randrange(packages)}" if rng.random() < 0.9 else None, "note": "",
                "estimated": False, "usd_amount": amount, "usd_rate": Decimal(1), "usd_rate_date": date,
                "eur_amount": amount * Decimal("0.9"), "eur_rate": Decimal("0.9"), "eur_rate_date": date,
                "version": 1, "created_by": "bench", "released_at": now})
        _insert(conn, Pledge.__table__, pledge_rows)
        paid = conn.execute(select(Pledge.id).where(Pledge.status == "disbursed", Pledge.created_by == "bench"))
        events += [_event(now, "disbursed", "pledge", pid) for pid in paid.scalars()]
        _insert(conn, Event.__table__, events)
    engine.dispose()


def run_export(url: str, args: list[str]) -> tuple[float, float, float, int]:
    """(wall seconds, CPU seconds, peak MB, exit code) of `ramstein --db URL export ARGS` in a process of its own."""
    started = time.perf_counter()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "ramstein"), "--db", url, "export", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pledges", type=int, default=100_000)
    parser.add_argument("--packages", type=int, default=1_000)
    parser.add_argument("--db", help="an empty database URL (default: a temporary SQLite file)")
    options = parser.parse_args()
    if options.pledges < 1 or options.packages < 1:
        parser.error("--pledges and --packages must be at least 1")
    with tempfile.TemporaryDirectory() as folder:
        url = options.db or f"sqlite:///{folder}/bench.db"
        started = time.perf_counter()
        build_ledger(url, options.pledges, options.packages)
        print(f"ledger: {options.pledges:,} pledges, {options.packages:,} packages "
              f"(built in {time.perf_counter() - started:.1f} s) on {url.split(':')[0]}")
        print(f"{'export':<20} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'output MB':>10}")
        for name, args in EXPORTS:
            seconds, cpu, peak, code = run_export(url, [a.format(out=folder) for a in args])
            target = Path(folder) / Path(args[-1].format(out=folder)).name
            size = (sum(p.stat().st_size for p in target.iterdir()) if target.is_dir()
                    else target.stat().st_size if target.exists() else 0) / 1e6
            status = "" if code == 0 else f"  FAILED (exit {code})"
            print(f"{name:<20} {seconds:>8.1f} {cpu:>8.1f} {peak:>8.0f} {size:>10.1f}{status}")


if __name__ == "__main__":
    main()
