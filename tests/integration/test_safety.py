"""Safe by construction: loopback by default, API keys only from the environment and never in logs."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from pipelines import cli, processes
from pipelines.official.fetch import FetchError, fetch_comtrade
from tests.helpers.corridor import run_corridor

SECRET = "corridor-test-secret-3f9a1c"


def test_the_ui_binds_to_loopback_by_default(monkeypatch):
    seen = {}
    monkeypatch.setattr(processes, "run_until_signalled", lambda cmd, **kw: seen.setdefault("argv", cmd) and 0)
    assert cli.main(["ui"]) == 0
    argv = seen["argv"]
    assert argv[argv.index("-h") + 1] == "127.0.0.1"


def test_an_api_key_is_sent_but_never_in_an_error(tmp_path, monkeypatch):
    received = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            received["key"] = self.headers.get("Ocp-Apim-Subscription-Key")
            self.send_response(403)
            self.end_headers()
            self.wfile.write(b"forbidden")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("CORRIDOR_FETCH", "1")
    monkeypatch.setenv("COMTRADE_API_KEY", SECRET)
    try:
        with pytest.raises(FetchError) as err:
            fetch_comtrade(417, "2023", tmp_path, base_url=f"http://127.0.0.1:{server.server_port}", retries=0)
    finally:
        server.shutdown()
    assert received["key"] == SECRET
    assert "comtrade" in str(err.value) and "403" in str(err.value)
    assert SECRET not in str(err.value)


@pytest.mark.slow
def test_a_run_never_writes_an_api_key_to_its_logs(tmp_path):
    home = tmp_path / "home"
    env = {
        "CORRIDOR_WAREHOUSE": str(tmp_path / "w.duckdb"),
        "DAGSTER_HOME": str(home),
        "CORRIDOR_REPORTS": str(tmp_path / "reports"),
        "COMTRADE_API_KEY": SECRET,
    }
    proc = run_corridor(["run"], env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert SECRET not in proc.stdout + proc.stderr
    scanned = 0
    for path in [*home.rglob("*"), *(tmp_path / "reports").rglob("*")]:
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), f"the key leaked into {path}"
            scanned += 1
    assert scanned > 3  # the event log database, run storage and reports were there to scan
