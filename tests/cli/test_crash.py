"""The short version of bench/crash.py: the server and its workers killed with SIGKILL while
writers post pledges, restarted; no acknowledged write lost or stored twice, and the log verifies."""

import subprocess
import sys
import uuid
from pathlib import Path

from tests.conftest import PG_URL, _pg_create, _pg_drop

BENCH = Path(__file__).parents[2] / "bench" / "crash.py"


def test_sigkill_of_the_server_loses_no_acknowledged_write(tmp_path):
    name = f"ramstein_crash_{uuid.uuid4().hex[:10]}"
    url = _pg_create(name) if PG_URL else f"sqlite:///{tmp_path}/crash.db"
    try:
        done = subprocess.run([sys.executable, str(BENCH), "--kills", "2", "--writers", "3", "--db", url],
                              capture_output=True, text=True, timeout=900)
    finally:
        if PG_URL:
            _pg_drop(name)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "lost:            0" in done.stdout and "stored twice:    0" in done.stdout
    assert "audit verify:    exit 0" in done.stdout
