"""The quality gate in a real run: bad rows go to quarantine while their inputs' good rows load, and a
failed blocking check keeps its provider's load out of the warehouse and fails the run clearly."""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest

from pipelines.official.manifest import write_manifest
from tests.helpers.corridor import PROJECT, SAMPLES, run_corridor
from tests.helpers.faults import csv_text, manual_row

pytestmark = pytest.mark.slow

SAMPLE = SAMPLES / "official" / "sample_comtrade_kgz_2023.json"  # synthetic
ARTICLE = (
    "date 2025-03-01\nТоварооборот России и Таджикистана в 2024 году вырос на 20 000% и составил 1,6 млрд долларов.\n"
)


def _snapshot(folder, name: str, payload: bytes, fmt: str, provider: str, dataset: str, published: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(payload)
    write_manifest(
        folder / name,
        provider=provider,
        dataset=dataset,
        title=f"SYNTHETIC {name}",
        publisher="Synthetic statistics office",
        fmt=fmt,
        url="https://example.org/gate",
        licence="synthetic test data",
        published=published,
        retrieved=published,
        language="en",
    )


def _one(con, sql: str, params=()):
    return con.execute(sql, list(params)).fetchall()[0][0]


def test_bad_rows_are_quarantined_and_a_failed_blocking_check_holds_back_its_load(tmp_path):
    data = tmp_path / "data"
    for part in ("reference", "official", "articles"):
        shutil.copytree(PROJECT / "data" / part, data / part)
    with open(data / "reference" / "providers.csv", "a", encoding="utf-8") as fh:
        fh.write(
            "gate,Quality gate test (synthetic),36500,Synthetic releases of one table\n"
            "gaterows,Quality gate rows (synthetic),36500,Synthetic figures with one bad row\n"
        )
    env = {
        "CORRIDOR_DATA": str(data),
        "CORRIDOR_WAREHOUSE": str(tmp_path / "w.duckdb"),
        "DAGSTER_HOME": str(tmp_path / "home"),
        "CORRIDOR_REPORTS": str(tmp_path / "reports"),
    }
    gate = data / "official" / "gate"
    _snapshot(gate, "kgz_2023_a.json", SAMPLE.read_bytes(), "comtrade_json", "gate", "kgz_trade", "2024-06-01")
    first = run_corridor(["run"], env)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    con = duckdb.connect(env["CORRIDOR_WAREHOUSE"], read_only=True)
    gate_rows = _one(con, "SELECT count(*) FROM observation JOIN release USING (release_id) WHERE provider = 'gate'")
    claims_before = _one(con, "SELECT count(*) FROM claim")
    con.close()
    assert gate_rows >= 4

    # The second run brings: a new release of the gate table with a quarter of its rows or fewer (a
    # table-level failure: blocking), an official file with one negative level among good rows, and
    # an article with an impossible growth beside a good figure (row-level failures: quarantined).
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["data"] = doc["data"][:1]
    _snapshot(gate, "kgz_2023_b.json", json.dumps(doc).encode(), "comtrade_json", "gate", "kgz_trade", "2025-06-01")
    _snapshot(
        data / "official" / "gaterows",
        "figures.csv",
        csv_text(manual_row(value="-5"), manual_row(reporter="RUS", partner="TJK")).encode(),
        "manual_csv",
        "gaterows",
        "figures",
        "2025-02-01",
    )
    (data / "articles" / "gate_article.txt").write_text(ARTICLE, encoding="utf-8")
    second = run_corridor(["run"], env)
    out = second.stdout + second.stderr
    assert second.returncode == 1 and "Corridor run FAILED" in second.stdout
    assert "Traceback" not in out
    assert "FAILED official_gate:observations_table (ERROR)" in second.stdout
    assert "rows vs" in second.stdout and "previous release" in second.stdout  # the reason, in words

    con = duckdb.connect(env["CORRIDOR_WAREHOUSE"], read_only=True)
    # the blocked provider's new release did not load; its old release is untouched
    assert _one(con, "SELECT count(*) FROM release WHERE provider = 'gate'") == 1
    assert (
        _one(con, "SELECT count(*) FROM observation JOIN release USING (release_id) WHERE provider = 'gate'")
        == gate_rows
    )
    # the negative level is quarantined with its reason; the good row of the same file loaded
    reasons = [
        r
        for (r,) in con.execute(
            "SELECT reason FROM quarantine WHERE input_name LIKE '%gaterows/figures.csv'"
        ).fetchall()
    ]
    assert len(reasons) == 1 and "negative value" in reasons[0]
    assert (
        _one(con, "SELECT count(*) FROM observation JOIN release USING (release_id) WHERE provider = 'gaterows'") == 1
    )
    assert _one(con, "SELECT min(value) FROM observation") >= 0
    # the impossible growth is quarantined; the article's good figure loaded
    q = con.execute(
        "SELECT check_name, reason FROM quarantine WHERE input_name = 'articles/gate_article.txt'"
    ).fetchall()
    assert any(c == "claim_change_pct_in_range" for c, _ in q), q
    assert _one(con, "SELECT count(*) FROM claim WHERE measure = 'change_pct' AND value > 10000") == 0
    assert (
        _one(
            con,
            "SELECT count(*) FROM claim JOIN source USING (source_id) "
            "WHERE source.path = 'articles/gate_article.txt' AND value = 1.6e9",
        )
        == 1
    )
    assert _one(con, "SELECT count(*) FROM claim") > claims_before
    con.close()
