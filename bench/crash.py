"""Crash benchmark: writers against `ramstein serve --workers 2`, the whole server killed with SIGKILL
at random moments and restarted; then every acknowledged write must be there exactly once, and
`audit verify` (chain and tables) must hold.

    python bench/crash.py [--kills 20] [--writers 8] [--db URL-OF-AN-EMPTY-DATABASE] [--seed 1]

Each write is a pledge whose note is its Idempotency-Key; a write is acknowledged when the server
answered 201. Killed requests are not retried (their outcome is unknown to the client, so they may
be stored or not, but never twice). Prints kills, acknowledged writes, lost, duplicated, verify.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

from sqlalchemy import func, select

from ramstein.db.engine import make_engine
from ramstein.models import Pledge

CLI = [sys.executable, "-c", "from ramstein.cli.app import main; main()"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(url: str, port: int) -> subprocess.Popen:
    server = subprocess.Popen([*CLI, "--db", url, "serve", "--port", str(port), "--workers", "2"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def writer(port: int, token: str, acknowledged: list[str], stop: threading.Event) -> None:
    while not stop.is_set():
        key = uuid.uuid4().hex
        body = json.dumps({"nation": "NLD", "date": "2025-10-01", "amount": "1000", "currency": "EUR",
                           "status": "announced", "confidence": "official", "note": key,
                           "sources": [{"title": "crash bench", "url": "https://example.org/crash"}]}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/pledges", data=body, method="POST",
                                         headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key,
                                                  "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                if response.status == 201:
                    acknowledged.append(key)
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.05)  # the server is down: the outcome of this write is unknown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--db", default=None, help="an empty database (default: a fresh SQLite file)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{folder}/crash.db"
        subprocess.run([*CLI, "--db", url, "init"], check=True, capture_output=True)
        made = subprocess.run([*CLI, "--db", url, "users", "add", "crash-nld", "--role", "nation", "--nation", "NLD"],
                              check=True, capture_output=True, text=True)
        token = made.stdout.strip().splitlines()[-1]
        port, acknowledged, stop = free_port(), [], threading.Event()
        server = start(url, port)
        threads = [threading.Thread(target=writer, args=(port, token, acknowledged, stop))
                   for _ in range(args.writers)]
        for thread in threads:
            thread.start()
        started = time.perf_counter()
        for _ in range(args.kills):
            time.sleep(rng.uniform(0.5, 3.0))
            os.killpg(server.pid, signal.SIGKILL)  # the server and its workers at once
            server.wait()
            server = start(url, port)
        time.sleep(1)
        stop.set()
        for thread in threads:
            thread.join()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
        engine = make_engine(url)
        with engine.connect() as conn:
            stored = dict(conn.execute(select(Pledge.note, func.count()).where(Pledge.created_by == "crash-nld")
                                       .group_by(Pledge.note)).all())
        engine.dispose()
        lost = [k for k in acknowledged if k not in stored]
        twice = [k for k, n in stored.items() if n > 1]
        verify = subprocess.run([*CLI, "--db", url, "audit", "verify"], capture_output=True, text=True)
        print(f"database:        {make_engine(url).dialect.name}")
        print(f"kills:           {args.kills} (SIGKILL of the server and its 2 workers), "
              f"{time.perf_counter() - started:.0f} s")
        print(f"acknowledged:    {len(acknowledged):,} writes; stored {sum(stored.values()):,} "
              f"(unacknowledged but stored: {len(set(stored) - set(acknowledged))})")
        print(f"lost:            {len(lost)}")
        print(f"stored twice:    {len(twice)}")
        print(f"audit verify:    exit {verify.returncode}: {(verify.stdout + verify.stderr).strip()[:300]}")
        if lost or twice or verify.returncode:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
