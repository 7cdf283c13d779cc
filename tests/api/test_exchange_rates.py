"""`ramstein rates`: load newer ECB rates online or from a file; pledges of today are accepted meanwhile."""

import datetime as dt
import http.server
import threading
from functools import partial

from typer.testing import CliRunner

from ramstein.cli.app import app
from tests.api.test_authorization_matrix import PLEDGE
from tests.integration.test_rates import LAST, TODAY, ecb_file

runner = CliRunner()


def run(db_url, *args):
    return runner.invoke(app, ["--db", db_url, *args])


def serve_folder(folder):
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_a_pledge_of_today_is_accepted_provisionally_and_reconverted_by_rates_update(api, tmp_path, ref_db_url):
    created = api.call("nld", "POST", "/api/v1/pledges", json={**PLEDGE, "date": TODAY.isoformat()})
    assert created.status_code == 201, created.text
    [body] = created.json()
    assert body["rate_provisional"] is True and body["usd_rate_date"] <= LAST.isoformat()
    ecb_file(tmp_path / "eurofxref-hist.zip", {TODAY: {"USD": "1.2"}}, zipped=True)
    server = serve_folder(tmp_path)
    try:
        url = f"http://127.0.0.1:{server.server_port}/eurofxref-hist.zip"
        result = run(ref_db_url, "rates", "update", "--url", url)
    finally:
        server.shutdown()
    assert result.exit_code == 0, result.output
    assert "Loaded 1 rates" in result.output and f"Re-converted 1 pledge(s) recorded at a provisional rate: " \
        f"{body['id']}" in result.output
    again = api.call("nld", "GET", f"/api/v1/pledges/{body['id']}").json()
    assert again["rate_provisional"] is False and again["usd_rate"] == "1.2" and again["version"] == 2
    status = run(ref_db_url, "rates", "status")
    assert "Pledges at a provisional rate: 0." in status.output and f"{TODAY} to {TODAY}" in status.output


def test_rates_import_loads_a_downloaded_file_and_a_bad_one_is_named(ref_db_url, tmp_path):
    good = ecb_file(tmp_path / "eurofxref-hist.csv", {TODAY: {"USD": "1.2", "GBP": "0.8"}})
    result = run(ref_db_url, "rates", "import", str(good))
    assert result.exit_code == 0 and "Loaded 2 rates" in result.output
    assert "already holds" in run(ref_db_url, "rates", "import", str(good)).output
    bad = tmp_path / "notes.txt"
    bad.write_text("x")
    refused = run(ref_db_url, "rates", "import", str(bad))
    assert refused.exit_code == 2 and "notes.txt" in refused.output and "eurofxref-hist.zip" in refused.output
    missing = run(ref_db_url, "rates", "import", str(tmp_path / "nowhere.zip"))
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_rates_update_offline_says_what_to_run_instead_and_changes_nothing(ref_db_url):
    result = run(ref_db_url, "rates", "update", "--url", "http://127.0.0.1:9/eurofxref-hist.zip")
    assert result.exit_code == 1
    assert "could not fetch" in result.output and "ramstein rates import FILE" in result.output
    assert "Traceback" not in result.output
    status = run(ref_db_url, "rates", "status")
    assert "Loaded:" not in status.output


def test_a_pledge_dated_before_any_ecb_rate_is_a_4xx_naming_the_date(api):
    refused = api.call("nld", "POST", "/api/v1/pledges", json={**PLEDGE, "date": dt.date(1, 1, 1).isoformat()})
    assert refused.status_code == 422
    assert refused.json()["field"] == "date" and "1999-01-04" in refused.json()["message"]
