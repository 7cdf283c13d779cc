"""Audit benchmark: `audit verify` (chain and state replay) and `backup` over a large event log.

    python bench/audit.py [--events 1000000] [--db sqlite:///... | postgresql://...] [--keep]

Builds a ledger with the reference data plus generated pledges, each with three events (created,
confirmed, committed) whose after-images match the stored rows, so the replay compares every row;
then times verify (the chain, then the tables against the replay) and a backup, and prints them.
Targets (issue 16): verify of 1,000,000 events under 60 s, backup under 30 s, on 2 cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, insert, select, text

from ramstein.audit.chain import verify_chain
from ramstein.audit.hashing import GENESIS, event_body, event_hash
from ramstein.audit.log import jsonable
from ramstein.audit.replay import Replay
from ramstein.backups.service import backup
from ramstein.bootstrap import prepare_database
from ramstein.db.engine import make_engine, make_session_factory
from ramstein.db.uow import UnitOfWork
from ramstein.models import Event, Pledge

NATIONS = ["NLD", "DEU", "DNK", "NOR", "SWE", "CAN", "BEL", "FIN", "POL", "GBR"]
BATCH = 5000


def pledge_rows(start_id: int, count: int) -> list[dict]:
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    rows = []
    for n in range(count):
        amount = Decimal(1_000_000 + n)
        day = dt.date(2025, 1 + n % 12, 1 + n % 28)
        rows.append({"id": start_id + n, "nation_iso3": NATIONS[n % len(NATIONS)], "date": day, "amount": amount,
                     "currency": "USD", "disclosed": True, "status": "committed", "confidence": "reported",
                     "categories": None, "package_ref": None, "note": "", "estimated": False, "joint_group": None,
                     "joint_total": None, "usd_amount": amount, "usd_rate": Decimal(1), "usd_rate_date": day,
                     "eur_amount": amount * Decimal("0.9"), "eur_rate": Decimal("0.9"), "eur_rate_date": day,
                     "rate_provisional": False, "rate_source": None, "version": 3, "created_by": "bench",
                     "created_at": at, "updated_at": at, "withdrawn_at": None, "released_at": None})
    return rows


def build(url: str, events: int) -> None:
    engine = make_engine(url)
    prepare_database(engine)
    with engine.begin() as conn:
        have = conn.execute(select(func.count()).select_from(Event)).scalar_one()
        prev = conn.execute(select(Event.hash).order_by(Event.seq.desc()).limit(1)).scalar() or GENESIS
        next_id = (conn.execute(select(func.max(Pledge.id))).scalar() or 0) + 1
    pledges = max(events - have, 0) // 3
    at = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    for start in range(0, pledges, BATCH):
        rows = pledge_rows(next_id + start, min(BATCH, pledges - start))
        log = []
        for row in rows:
            final = {k: jsonable(v) for k, v in row.items()} | {"sources": []}
            steps = [(None, final | {"status": "announced", "version": 1}), ]
            steps.append((steps[-1][1], final | {"status": "confirmed", "version": 2}))
            steps.append((steps[-1][1], final))
            for action, (before, after) in zip(("created", "confirmed", "committed"), steps, strict=True):
                body = event_body(at, "bench", "operator", action, "pledge", str(row["id"]), before, after, None)
                digest = event_hash(prev, body)
                log.append({"at": at, "actor": "bench", "role": "operator", "action": action, "entity": "pledge",
                            "entity_id": str(row["id"]), "before": before, "after": after, "request_id": None,
                            "prev_hash": prev, "hash": digest})
                prev = digest
        with engine.begin() as conn:
            conn.execute(insert(Pledge), rows)
            conn.execute(insert(Event), log)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--keep", action="store_true", help="keep the backup file (printed)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{folder}/audit-bench.db"
        t0 = time.perf_counter()
        build(url, args.events)
        print(f"build ledger:        {time.perf_counter() - t0:7.1f} s")
        engine = make_engine(url)
        with UnitOfWork(make_session_factory(engine)) as uow:
            t0, c0 = time.perf_counter(), time.process_time()
            replay = Replay()
            report = verify_chain(uow.session, each=replay.add)
            chain_s, chain_cpu = time.perf_counter() - t0, time.process_time() - c0
            t1, c1 = time.perf_counter(), time.process_time()
            drift = replay.compare(uow.session)
            replay_s, replay_cpu = time.perf_counter() - t1, time.process_time() - c1
        size = engine.dialect.name
        if size == "sqlite":
            mb = Path(engine.url.database).stat().st_size / 1e6
        else:
            with engine.connect() as conn:
                mb = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one() / 1e6
        print(f"events:              {report.checked:,} ({'intact' if report.ok else 'BROKEN'}), "
              f"{len(drift)} table differences; database {mb:,.0f} MB ({size})")
        print(f"verify chain:        {chain_s:7.1f} s  ({report.checked / chain_s:,.0f} events/s; "
              f"{chain_cpu:.1f} s CPU in this process)")
        print(f"verify tables:       {replay_s:7.1f} s  ({replay_cpu:.1f} s CPU; replay compared with "
              f"{len(replay.images['pledge']):,} pledges and the other ledgers)")
        print(f"verify total:        {chain_s + replay_s:7.1f} s  (target: 1,000,000 events under 60 s)")
        out = Path(folder) / "bench.backup"
        t0 = time.perf_counter()
        made = backup(engine, out)
        print(f"backup:              {time.perf_counter() - t0:7.1f} s  ({made.size / 1e6:,.0f} MB, {made.tool}; "
              "target under 30 s)")
        print(f"peak RSS:            {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:7.0f} MiB")
        if args.keep:
            kept = Path(tempfile.gettempdir()) / "ramstein-audit-bench.backup"
            out.replace(kept)
            print(f"kept {kept}")
        engine.dispose()


if __name__ == "__main__":
    main()
