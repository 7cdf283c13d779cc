"""The standalone verifier printed in docs/audit.md works as printed, and fails as it says."""

import json
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from ramstein.cli.app import app

runner = CliRunner()
DOC = Path(__file__).parents[2] / "docs" / "audit.md"


def test_the_documented_recipe_verifies_an_export_and_catches_an_edit(ref_db_url, tmp_path):
    script = tmp_path / "verify.py"
    script.write_text(re.search(r"```python\n(.*?)```", DOC.read_text(), re.S).group(1))
    assert runner.invoke(app, ["keys", "generate", "--out", str(tmp_path / "k.pem")]).exit_code == 0
    made = runner.invoke(app, ["--db", ref_db_url, "audit", "checkpoint"],
                         env={"RAMSTEIN_SIGNING_KEY": str(tmp_path / "k.pem")})
    (tmp_path / "cp.json").write_text(made.stdout)
    events = tmp_path / "events.json"
    assert runner.invoke(app, ["--db", ref_db_url, "export", "events", "--format", "json",
                               "--out", str(events)]).exit_code == 0
    args = [sys.executable, str(script), str(events), str(tmp_path / "cp.json"), str(tmp_path / "k.pem.pub")]
    ok = subprocess.run(args, capture_output=True, text=True)
    assert ok.returncode == 0 and "1 signed checkpoints hold" in ok.stdout, ok.stderr
    items = json.loads(events.read_text())["items"]
    events.write_text(json.dumps({"items": items[:-1]}))  # cut short: the chain alone still holds
    cut = subprocess.run(args, capture_output=True, text=True)
    assert cut.returncode == 1 and f"event {items[-1]['seq']} is missing" in cut.stderr
