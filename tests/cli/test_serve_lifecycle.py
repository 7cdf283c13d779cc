"""`ramstein serve` as an operator restarting it meets it: workers that die with their parent, and
an address in use named as such, with its own exit code."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from typer.testing import CliRunner

from ramstein.cli.app import app
from ramstein.cli.serve import check_address

runner = CliRunner()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_an_address_in_use_is_named_with_its_own_exit_code(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["--db", f"sqlite:///{tmp_path}/new.db", "serve", "--port", str(port)])
    assert result.exit_code == 7
    assert f"127.0.0.1:{port} is already in use" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "new.db").exists()  # refused before anything was prepared


def test_workers_die_when_the_server_is_killed_and_the_port_is_free_again(ref_db_url):
    port = free_port()
    env = dict(os.environ, RAMSTEIN_DATABASE_URL=ref_db_url)
    server = subprocess.Popen([sys.executable, "-c", "from ramstein.cli.app import main; main()", "serve",
                               "--port", str(port), "--workers", "2"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180  # two workers start slowly on a busy 2-core machine
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
                workers = descendants(server.pid)
                if len(workers) >= 2:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        deadline = time.monotonic() + 15
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(alive(pid) for pid in workers), "orphaned workers still running"
        check_address("127.0.0.1", port)  # a restart can listen again
    finally:
        for pid in descendants(server.pid) | {server.pid}:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
