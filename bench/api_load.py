"""Load benchmark: N concurrent clients writing and reading pledges against `ramstein serve`.

Prints throughput and p50/p99 latency for SQLite (one worker) and PostgreSQL (several workers),
then checks that every acknowledged write is in the database. Traffic goes to 127.0.0.1 only and
every loop is bounded in time.

    python bench/api_load.py [--seconds 10] [--clients 32] [--workers 2] [--pg postgresql://...]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import httpx
from sqlalchemy import create_engine, text

from ramstein.auth.actor import Actor
from ramstein.auth.service import add_user
from ramstein.bootstrap import prepare_database
from ramstein.db.engine import make_engine, make_session_factory, normalize_url
from ramstein.db.uow import UnitOfWork

NATIONS = ["NLD", "DEU", "DNK", "NOR", "SWE", "CAN", "BEL", "FIN"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(url: str) -> dict[str, str]:
    engine = make_engine(url)
    prepare_database(engine)
    tokens = {}
    with UnitOfWork(make_session_factory(engine), write=True) as uow:
        for code in NATIONS:
            _, tokens[code] = add_user(uow.session, Actor("bench", "operator"), f"bench-{code}-{uuid.uuid4().hex[:6]}",
                                       "nation", code)
        uow.commit()
    engine.dispose()
    return tokens


def start_server(url: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "RAMSTEIN_DATABASE_URL": url}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "ramstein.api.app:app_from_environment", "--factory",
                             "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                             "--log-level", "warning", "--no-access-log"], env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start")


async def client(base: str, token: str, nation: str, stop: float, write_share: float, out: dict) -> None:  # type: ignore[type-arg]
    headers = {"Authorization": f"Bearer {token}"}
    body = {"nation": nation, "date": "2025-10-01", "amount": "1000000.01", "currency": "EUR",
            "confidence": "official", "sources": [{"title": "bench", "url": "https://example.org/bench"}]}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as http:
        i = 0
        while time.monotonic() < stop:
            write = (i % 10) < write_share * 10
            t0 = time.perf_counter()
            if write:
                r = await http.post("/api/v1/pledges", json=body, headers={"Idempotency-Key": uuid.uuid4().hex})
            else:
                r = await http.get("/api/v1/pledges", params={"nation": nation, "limit": 20})
            elapsed = time.perf_counter() - t0
            kind = "write" if write else "read"
            out[kind].append(elapsed)
            if r.status_code >= 300:
                out["errors"].append(r.status_code)
            elif write:
                out["ids"].extend(p["id"] for p in r.json())
            i += 1


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else float("nan")


def run(label: str, url: str, workers: int, clients: int, seconds: float, write_share: float) -> None:
    tokens = prepare(url)
    proc, base = start_server(url, workers)
    out: dict = {"write": [], "read": [], "errors": [], "ids": []}  # type: ignore[type-arg]
    try:
        stop = time.monotonic() + seconds

        async def drive() -> None:
            await asyncio.gather(*(client(base, tokens[NATIONS[i % len(NATIONS)]], NATIONS[i % len(NATIONS)], stop,
                                          write_share, out) for i in range(clients)))

        asyncio.run(asyncio.wait_for(drive(), timeout=seconds + 60))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    engine = create_engine(normalize_url(url))
    with engine.connect() as conn:
        ids = set(conn.execute(text("SELECT id FROM pledges")).scalars())
    engine.dispose()
    missing = len(set(out["ids"]) - ids)
    for kind in ("write", "read"):
        lat = out[kind]
        print(f"{label:<28} {kind:<5} {len(lat) / seconds:8.1f}/s  p50 {percentile(lat, 50):7.1f} ms  "
              f"p99 {percentile(lat, 99):7.1f} ms  ({len(lat)} requests)")
    print(f"{label:<28} errors {len(out['errors'])}, acknowledged writes missing afterwards: {missing}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write-share", type=float, default=0.5)
    parser.add_argument("--pg", default=os.environ.get("RAMSTEIN_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test"))
    args = parser.parse_args()
    print(f"{args.clients} clients, {args.seconds:.0f} s, {args.write_share:.0%} writes, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite, 1 worker", f"sqlite:///{folder}/bench.db", 1, args.clients, args.seconds, args.write_share)
    name = f"ramstein_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(normalize_url(args.pg), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = normalize_url(args.pg).rsplit("/", 1)[0] + f"/{name}"
        run(f"PostgreSQL, {args.workers} workers", url, args.workers, args.clients, args.seconds, args.write_share)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
