import json
import re
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from ramstein.cli.app import app

runner = CliRunner()
HEADER = "nation,date,amount,currency,status,confidence,source_url\n"


def run(db_url, *args):
    return runner.invoke(app, ["--db", db_url, *args])


def test_init_loads_reference_data_once(db_url):
    first = run(db_url, "init")
    assert first.exit_code == 0, first.output
    # the template already migrated this database but loaded no reference data
    assert "Loaded reference data" in first.output
    second = run(db_url, "init")
    assert second.exit_code == 0 and "already loaded" in second.output


def test_import_with_bad_rows_exits_nonzero_and_names_each_row(ref_db_url, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "NLD,2025-09-01,100,EUR,announced,official,https://a\n"
                    "XYZ,2025-09-01,100,EUR,announced,official,https://a\n"
                    "NLD,2025-09-31,100,EUR,announced,official,https://a\n")
    result = run(ref_db_url, "import", "pledges", str(path))
    assert result.exit_code == 1
    assert "bad.csv:3: nation: unknown nation 'XYZ'" in result.output
    assert "bad.csv:4: date: not a date" in result.output
    assert "nothing was imported" in result.output
    assert "Traceback" not in result.output


def test_import_then_export_round_trips_exact_amounts(ref_db_url, tmp_path):
    path = tmp_path / "good.csv"
    path.write_text(HEADER + "NLD,2025-09-01,1234567.89,EUR,confirmed,official,https://a\n")
    result = run(ref_db_url, "import", "pledges", str(path))
    assert result.exit_code == 0 and "Imported 1 pledges" in result.output
    out = tmp_path / "p.json"
    assert run(ref_db_url, "export", "pledges", "--format", "json", "--out", str(out)).exit_code == 0
    amounts = [p["amount"] for p in json.loads(out.read_text())["items"]]
    assert "1234567.89" in amounts
    xlsx = tmp_path / "p.xlsx"
    assert run(ref_db_url, "export", "pledges", "--format", "xlsx", "--out", str(xlsx)).exit_code == 0
    sheet = load_workbook(xlsx).active
    assert [c.value for c in sheet[1]][:3] == ["id", "nation", "date"]
    assert sheet.max_row == len(amounts) + 1
    csv_out = tmp_path / "p.csv"
    assert run(ref_db_url, "export", "pledges", "--out", str(csv_out)).exit_code == 0
    # the CSV export re-imports: its columns are the import format's
    again = run(ref_db_url, "import", "pledges", str(_only_import_columns(csv_out, tmp_path)))
    assert again.exit_code == 0, again.output


def _only_import_columns(path: Path, tmp_path: Path) -> Path:
    import csv

    keep = ["nation", "date", "amount", "currency", "status", "confidence", "source_title", "source_url",
            "categories", "disclosed", "package", "note"]
    rows = list(csv.DictReader(path.open()))
    out = tmp_path / "again.csv"
    with out.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=keep, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return out


def test_unknown_table_and_format_are_refused(ref_db_url, tmp_path):
    result = run(ref_db_url, "export", "secrets", "--out", str(tmp_path / "x"))
    assert result.exit_code == 2 and "unknown table 'secrets'" in result.output
    result = run(ref_db_url, "export", "pledges", "--format", "pdf", "--out", str(tmp_path / "x"))
    assert result.exit_code == 2 and "format must be one of" in result.output


def test_bad_database_url_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["--db", "mysql://x/y", "init"])
    assert result.exit_code == 2 and "unsupported database 'mysql'" in result.output


def test_every_command_is_documented_in_the_readme():
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    commands += [f"{g.name} {c.name}" for g in app.registered_groups for c in g.typer_instance.registered_commands]
    for command in commands:
        assert re.search(rf"ramstein (--db \S+ )?{command}\b", readme), command


def test_a_bad_setting_in_the_environment_names_its_variable(db_url, monkeypatch):
    monkeypatch.setenv("RAMSTEIN_REQUEST_THREADS", "0")
    result = run(db_url, "serve")
    assert result.exit_code == 2
    assert "RAMSTEIN_REQUEST_THREADS" in result.output and "greater than or equal to 1" in result.output
    assert "Traceback" not in result.output
