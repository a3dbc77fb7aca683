"""Fetchers against recorded responses served from 127.0.0.1 (no internet): retries, 429 with
Retry-After, errors naming provider and status, never a silent empty result, snapshot + manifest."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading

import pytest

from pipelines.official import fetch, load_provider, read_manifest, stable_sha256
from tests.helpers.corridor import SAMPLES

S = SAMPLES / "official"
TODAY = dt.date(2026, 11, 24)


class Recorded(http.server.BaseHTTPRequestHandler):
    """Serves a queue of (status, headers, body) per path prefix; records each request."""

    routes: dict[str, list[tuple[int, dict, bytes]]] = {}
    seen: list[str] = []

    def do_GET(self):  # noqa: N802
        type(self).seen.append(self.path)
        for prefix, queue in self.routes.items():
            if self.path.startswith(prefix):
                status, headers, body = queue.pop(0) if len(queue) > 1 else queue[0]
                break
        else:
            status, headers, body = 404, {}, b"not recorded"
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture()
def server(monkeypatch):
    monkeypatch.setenv("CORRIDOR_FETCH", "1")
    Recorded.routes, Recorded.seen = {}, []
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorded)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", Recorded
    srv.shutdown()
    srv.server_close()


def no_sleep(waits):
    return lambda s: waits.append(s)


def test_fetching_is_off_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv("CORRIDOR_FETCH", raising=False)
    with pytest.raises(fetch.FetchDisabled, match="CORRIDOR_FETCH=1"):
        fetch.fetch_worldbank("IS.AIR.PSGR", "KGZ", tmp_path, base_url="http://127.0.0.1:9")


def test_worldbank_429_then_200_writes_snapshot_and_manifest(server, tmp_path):
    base, rec = server
    body = (S / "sample_worldbank_is_air_psgr.json").read_bytes()
    rec.routes["/country/"] = [
        (429, {"Retry-After": "7"}, b"slow down"),
        (200, {"Content-Type": "application/json"}, body),
    ]
    waits: list[float] = []
    path = fetch.fetch_worldbank("IS.AIR.PSGR", "KGZ;RUS", tmp_path, base_url=base, today=TODAY, sleep=no_sleep(waits))
    assert waits == [7.0] and len(rec.seen) == 2  # waited as told, then retried
    assert path.read_bytes() == body  # bytes as served
    man = read_manifest(path.with_name(path.name + ".manifest.yaml"))
    assert man.sha256 == stable_sha256("worldbank_json", body)
    assert man.published == dt.date(2025, 7, 1)  # the World Bank's lastupdated
    assert man.retrieved == TODAY and man.format == "worldbank_json" and man.provider == "worldbank"
    b = load_provider(tmp_path, "worldbank")  # the fetched snapshot loads as it is
    assert b.refused.height == 0 and b.observations.height == 3


def test_500_is_retried_then_raises_naming_provider_and_status(server, tmp_path):
    base, rec = server
    rec.routes["/C/"] = [(500, {}, b"internal error")]
    waits: list[float] = []
    with pytest.raises(fetch.FetchError, match=r"comtrade: HTTP 500") as err:
        fetch.fetch_comtrade(
            417,
            "2023",
            tmp_path,
            base_url=base,
            api_key="k",
            retries=2,
            backoff=0.5,
            sleep=no_sleep(waits),
            today=TODAY,
        )
    assert err.value.status == 500 and err.value.provider == "comtrade"
    assert waits == [0.5, 1.0] and len(rec.seen) == 3  # exponential backoff, then give up
    assert not list(tmp_path.rglob("*.json"))  # nothing written


def test_404_is_not_retried(server, tmp_path):
    base, rec = server
    rec.routes["/IMF"] = [(404, {}, b"NoResultsFound")]
    with pytest.raises(fetch.FetchError, match=r"imf: HTTP 404"):
        fetch.fetch_imf("KGZ.XG_FOB_USD.RUS.A", tmp_path, base_url=base, sleep=no_sleep([]))
    assert len(rec.seen) == 1


def test_empty_200_is_an_error_not_an_empty_result(server, tmp_path):
    base, rec = server
    rec.routes["/C/"] = [
        (200, {}, json.dumps({"elapsedTime": "0.1 secs", "count": 0, "data": [], "error": ""}).encode())
    ]
    with pytest.raises(fetch.FetchError, match="comtrade: HTTP 200: empty data for reporter 417"):
        fetch.fetch_comtrade(417, "2023", tmp_path, base_url=base, api_key="k", sleep=no_sleep([]))
    rec.routes["/country/"] = [
        (
            200,
            {},
            json.dumps(
                [{"page": 1, "pages": 0, "per_page": 50, "total": 0, "sourceid": None, "lastupdated": None}, None]
            ).encode(),
        )
    ]
    with pytest.raises(fetch.FetchError, match="worldbank: HTTP 200: empty data"):
        fetch.fetch_worldbank("IS.AIR.PSGR", "KGZ", tmp_path, base_url=base, sleep=no_sleep([]))
    rec.routes["/country/"] = [(200, {}, json.dumps([{"message": [{"id": "120", "key": "Invalid value"}]}]).encode())]
    with pytest.raises(fetch.FetchError, match="worldbank: HTTP 200: API error"):
        fetch.fetch_worldbank("NOPE", "KGZ", tmp_path, base_url=base, sleep=no_sleep([]))


def test_comtrade_and_imf_snapshots_round_trip(server, tmp_path):
    base, rec = server
    rec.routes["/C/A/HS"] = [(200, {}, (S / "sample_comtrade_kgz_2023.json").read_bytes())]
    rec.routes["/IMF.STA,IMTS/"] = [(200, {}, (S / "sample_imf_imts_rus.xml").read_bytes())]
    p = fetch.fetch_comtrade(417, "2023", tmp_path, base_url=base, api_key="secret", today=TODAY, sleep=no_sleep([]))
    assert "secret" not in p.with_name(p.name + ".manifest.yaml").read_text(encoding="utf-8")
    assert "partner2Code=0" in rec.seen[0] and "cmdCode=TOTAL" in rec.seen[0]
    fetch.fetch_imf("RUS.XG_FOB_USD.KGZ.Q", tmp_path, base_url=base, today=TODAY, sleep=no_sleep([]))
    assert load_provider(tmp_path, "comtrade").observations.height == 5
    assert load_provider(tmp_path, "imf").observations.height == 3


def test_retry_after_http_date():
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert 20 < fetch._retry_after(future, 1.0) <= 30
    assert fetch._retry_after(None, 2.5) == 2.5
