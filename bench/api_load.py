"""Load benchmark: concurrent clients writing and reading pledges against the real server.

Starts `uvicorn` on a fresh database, drives it with `wrk` (Debian package `wrk`; a C load
generator, so the clients do not take the server's CPU the way a Python client would), and prints
throughput, p50/p99 latency and the server's CPU per request, for two loads:

- writes: every client POSTs pledges (each with its own Idempotency-Key), the load of the target;
- mixed: half the clients POST pledges, the other half page through their nation's pledges.

Each load runs on a freshly started server, first for `--warmup` seconds unmeasured (a new process's
first thousand requests fill its caches), then measured. Then it checks that every acknowledged
write (every 201's pledge id) is in the database. Runs on SQLite and PostgreSQL with the given
numbers of uvicorn workers. Traffic goes to 127.0.0.1 only.

By default the clients are closed-loop: each sends its next request as soon as its answer comes,
so the load is the server's saturation and latency is mostly queueing (32 clients each waiting for
their answer see a mean latency of 32 / throughput). `--rate N` instead offers N requests/s in all,
on a fixed schedule shared by the clients (one request every 1/N s, on whichever client is free),
for the latency at a given load; a client still has one request in flight at a time, so at most
`--clients` requests are. Latency is timed from each request's send: if the server falls behind,
requests leave later than scheduled, which the "sent late" figures report (how many left more than
1 ms after their slot, and the most any did: when that is more than a few ms, the latencies
understate what a client on the schedule would see).

    python bench/api_load.py [--seconds 10] [--warmup 3] [--clients 32] [--rate N] [--workers 2]
                             [--sqlite-workers 1] [--pg postgresql://...] [--only sqlite|pg]
                             [--load writes|mixed]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, text

from ramstein.auth.actor import Actor
from ramstein.auth.service import add_user
from ramstein.bootstrap import prepare_database
from ramstein.db.engine import make_engine, make_session_factory, normalize_url
from ramstein.db.uow import UnitOfWork

NATIONS = ["NLD", "DEU", "DNK", "NOR", "SWE", "CAN", "BEL", "FIN"]

COMMON_LUA = """
local tokens, nations = {%(tokens)s}, {%(nations)s}
local counter, thread_id = 0, 0
local threads = {}
behind_ms, late = 0, 0
function setup(thread) thread:set("id", %(seed)d); table.insert(threads, thread) end
function init(args) thread_id = id; math.randomseed(os.time() + id) end
%(pace)s
function done(summary, latency, requests)
  local most_behind, lates = 0, 0
  for _, thread in ipairs(threads) do
    most_behind = math.max(most_behind, thread:get("behind_ms")); lates = lates + thread:get("late")
  end
  io.write(string.format('RESULT {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, ' ..
    '"status_errors": %%d, "socket_errors": %%d, "behind_ms": %%.1f, "late": %%d}\\n', summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(99), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    most_behind, lates))
end
"""

# wrk calls delay() before each request after a connection's first and waits that many ms: each call
# takes the next slot of one fixed schedule (slot k at start + k * 1000/rate ms); a call that comes
# after its slot sends at once, and how far behind it is counts (the schedule never slips, so a
# server that cannot keep up shows as a growing lag, not as a lower offered rate)
PACE_LUA = """
local ffi = require("ffi")
ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } bench_timespec; int clock_gettime(int, bench_timespec *); ]]
local clock = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, clock); return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end
local interval, slot = %(interval)f, nil
function delay()
  local now = now_ms()
  slot = slot and slot + interval or now
  if slot < now - 1 then late = late + 1; behind_ms = math.max(behind_ms, now - slot) end
  return math.max(0, math.floor(slot - now))
end
"""

WRITE_LUA = COMMON_LUA + """
local ids = nil
local run = math.random(1, 1e9)
request = function()
  counter = counter + 1
  local i = counter %% #tokens + 1
  local body = '{"nation":"' .. nations[i] .. '","date":"2025-10-01","amount":"1000000.01","currency":"EUR",' ..
    '"confidence":"official","sources":[{"title":"bench","url":"https://example.org/bench"}]}'
  return wrk.format("POST", "/api/v1/pledges", {["Authorization"] = "Bearer " .. tokens[i],
    ["Content-Type"] = "application/json", ["Idempotency-Key"] = run .. "-" .. counter}, body)
end
response = function(status, headers, body)
  if status == 201 then
    if ids == nil then ids = io.open("%(ids)s", "a") end
    for id in string.gmatch(body, '%%[?{"id":(%%d+),"nation"') do ids:write(id, "\\n") end
    ids:flush()
  end
end
"""

READ_LUA = COMMON_LUA + """
request = function()
  counter = counter + 1
  local i = counter %% #tokens + 1
  return wrk.format("GET", "/api/v1/pledges?nation=" .. nations[i] .. "&limit=20",
    {["Authorization"] = "Bearer " .. tokens[i]})
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
            with urllib.request.urlopen(base + "/readyz", timeout=1) as answer:
                if answer.status == 200:
                    time.sleep(1 if workers > 1 else 0)  # let every worker finish starting
                    return proc, base
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start")


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU of the server and its worker processes."""
    return _cpu_seconds(lambda proc, name, parent: proc == pid or parent == pid)


def database_cpu_seconds() -> float:
    """User + system CPU of PostgreSQL's processes on this machine (its backends do a share of
    every request's work on the same cores, outside the server's processes)."""
    return _cpu_seconds(lambda proc, name, parent: name.startswith("postgres"))


def _cpu_seconds(wanted: Callable[[int, str, int], bool]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            head, rest = (entry / "stat").read_text().rsplit(")", 1)
        except OSError:
            continue
        fields = rest.split()
        if wanted(int(entry.name), head.split("(", 1)[1], int(fields[1])):  # fields[1] is the parent pid
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def wrk(script: str, folder: Path, name: str, base: str, clients: int, seconds: float) -> subprocess.Popen[str]:
    path = folder / f"{name}.lua"
    path.write_text(script)
    command = ["wrk", "-t1", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--latency", "--timeout", "10s",
               "-s", str(path), base]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def result(proc: subprocess.Popen[str]) -> dict[str, float]:
    out, _ = proc.communicate(timeout=600)
    for line in out.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])  # type: ignore[no-any-return]
    raise SystemExit(f"wrk printed no result:\n{out}")


def run(label: str, url: str, workers: int, clients: int, seconds: float, folder: Path, rate: float,
        warmup: float, loads: list[str]) -> None:
    tokens = prepare(url)
    quoted = {"tokens": ",".join(f'"{tokens[n]}"' for n in NATIONS), "nations": ",".join(f'"{n}"' for n in NATIONS)}
    for load, writers in (("writes", clients), ("mixed", clients // 2)):
        if load not in loads:
            continue
        # each kind of client offers its share of the rate
        pace = {kind: PACE_LUA % {"interval": 1000 * clients / (rate * count)} if rate and count else ""
                for kind, count in (("write", writers), ("read", clients - writers))}
        ids = folder / f"{label}-{load}.ids".replace(" ", "_").replace(",", "")
        ids.write_text("")
        proc, base = start_server(url, workers)
        try:
            script = WRITE_LUA % {**quoted, "seed": 1, "ids": ids, "pace": pace["write"]}
            reads = READ_LUA % {**quoted, "seed": 2, "pace": pace["read"]}

            scripts = {"write": (script, writers), "read": (reads, clients - writers)}
            if warmup:  # a new process's first thousand requests fill its caches: not steady state
                drive(scripts, folder, base, warmup)
            cpu0, db0 = server_cpu_seconds(proc.pid), database_cpu_seconds()
            results = drive(scripts, folder, base, seconds)
            cpu, db_cpu = server_cpu_seconds(proc.pid) - cpu0, database_cpu_seconds() - db0
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        engine = create_engine(normalize_url(url))
        with engine.connect() as conn:
            stored = set(conn.execute(text("SELECT id FROM pledges")).scalars())
        engine.dispose()
        acknowledged = {int(line) for line in ids.read_text().split()}
        served = sum(r["requests"] for r in results.values())
        for kind, r in results.items():
            duration = r["duration_us"] / 1e6
            print(f"{label:<24} {load:<6} {kind:<5} {clients_of(kind, writers, clients):>3} clients "
                  f"{r['requests'] / duration:8.1f}/s  p50 {r['p50_us'] / 1000:7.1f} ms"
                  f"  p99 {r['p99_us'] / 1000:7.1f} ms"
                  f"  errors {int(r['status_errors'] + r['socket_errors'])}"
                  + (f"  sent late: {int(r['late'])}, at most {r['behind_ms']:.0f} ms" if rate else ""))
        database = (f" (+ PostgreSQL {db_cpu / max(served, 1) * 1000:.2f} ms)" if url.startswith("postgresql")
                    else "")
        print(f"{label:<24} {load:<6} server CPU {cpu / max(served, 1) * 1000:.2f} ms per request{database}; "
              f"{len(acknowledged)} writes acknowledged, {len(acknowledged - stored)} missing afterwards")


def drive(scripts: dict[str, tuple[str, int]], folder: Path, base: str, seconds: float) -> dict[str, dict[str, float]]:
    """Run one wrk per kind of client at once; their results by kind."""
    runs = {kind: wrk(script, folder, kind, base, count, seconds) for kind, (script, count) in scripts.items() if count}
    return {kind: result(p) for kind, p in runs.items()}


def clients_of(kind: str, writers: int, clients: int) -> int:
    return writers if kind == "write" else clients - writers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=3, help="seconds of the same load first, not measured")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers for PostgreSQL")
    parser.add_argument("--sqlite-workers", type=int, default=1, help="uvicorn workers for SQLite")
    parser.add_argument("--pg", default=os.environ.get("RAMSTEIN_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--only", choices=["sqlite", "pg"])
    parser.add_argument("--rate", type=float, default=0,
                        help="requests/s offered in all, on a schedule (0: each client as fast as answers come)")
    parser.add_argument("--load", choices=["writes", "mixed"], help="only this load (default: both)")
    args = parser.parse_args()
    if args.rate < 0 or args.clients < 1 or args.seconds < 1 or args.warmup < 0:
        parser.error("--rate must be 0 (closed loop) or more, --clients and --seconds at least 1, --warmup 0 or more")
    if shutil.which("wrk") is None:
        raise SystemExit("bench/api_load.py drives the server with wrk: install it (Debian: apt-get install wrk)")
    print(f"{args.clients} clients, {args.seconds:.0f} s per load after {args.warmup:g} s of warm-up, "
          + (f"offering {args.rate:g} requests/s, " if args.rate else "closed loop, ")
          + f"{os.cpu_count()} cores shared by server and wrk")
    loads = [args.load] if args.load else ["writes", "mixed"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.only != "pg":
            workers = args.sqlite_workers
            run(f"SQLite, {workers} worker{'s' * (workers > 1)}", f"sqlite:///{folder}/bench.db", workers,
                args.clients, args.seconds, folder, args.rate, args.warmup, loads)
        if args.only == "sqlite":
            return
        name = f"ramstein_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(normalize_url(args.pg), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = normalize_url(args.pg).rsplit("/", 1)[0] + f"/{name}"
            run(f"PostgreSQL, {args.workers} workers", url, args.workers, args.clients, args.seconds, folder,
                args.rate, args.warmup, loads)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
