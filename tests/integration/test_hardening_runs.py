"""End to end: a warehouse changed behind the run's back is rebuilt, and it follows edited and removed articles."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.helpers.corridor import PROJECT, run_corridor

pytestmark = [pytest.mark.faults, pytest.mark.slow]

EDITED_BEFORE = "Товарооборот между Россией и Арменией в 2024 году составил 7,4 млрд долларов."
EDITED_AFTER = "Товарооборот между Россией и Арменией в 2024 году составил 8,1 млрд долларов."
REMOVED = "Экспорт России в Узбекистан в 2024 году составил 6,2 млрд долларов."


def _q(path, sql, params=()):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_tampered_rows_come_back_and_claims_follow_the_articles(tmp_path):
    data = tmp_path / "data"
    for part in ("reference", "official", "articles"):
        shutil.copytree(PROJECT / "data" / part, data / part)
    (data / "articles" / "h_edited.txt").write_text(EDITED_BEFORE, encoding="utf-8")
    (data / "articles" / "h_removed.txt").write_text(REMOVED, encoding="utf-8")
    wpath = tmp_path / "w.duckdb"
    env = {
        "CORRIDOR_DATA": str(data),
        "CORRIDOR_WAREHOUSE": str(wpath),
        "DAGSTER_HOME": str(tmp_path / "home"),
        "CORRIDOR_REPORTS": str(tmp_path / "reports"),
    }
    first = run_corridor(["run"], env)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    claims_before = _q(wpath, "SELECT count(*) FROM claim")[0][0]
    by_path = dict(_q(wpath, "SELECT s.path, count(*) FROM claim c JOIN source s USING (source_id) GROUP BY 1"))
    assert by_path.get("articles/h_edited.txt", 0) >= 1 and by_path.get("articles/h_removed.txt", 0) >= 1
    seed_claims = claims_before - by_path["articles/h_edited.txt"] - by_path["articles/h_removed.txt"]
    assert seed_claims >= 1

    # the inputs change: one article edited, one removed
    (data / "articles" / "h_edited.txt").write_text(EDITED_AFTER, encoding="utf-8")
    (data / "articles" / "h_removed.txt").unlink()
    second = run_corridor(["run"], env)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    after = dict(_q(wpath, "SELECT s.path, count(*) FROM claim c JOIN source s USING (source_id) GROUP BY 1"))
    assert "articles/h_removed.txt" not in after
    assert _q(wpath, "SELECT count(*) FROM source WHERE path = 'articles/h_edited.txt'")[0][0] == 1
    assert _q(
        wpath,
        "SELECT list(value) FROM claim c JOIN source s USING (source_id) "
        "WHERE s.path = 'articles/h_edited.txt' AND derived_from IS NULL",
    )[0][0] == [8.1e9]
    history = _q(
        wpath, "SELECT path, retired_because, value FROM claim_history WHERE derived_from IS NULL ORDER BY path"
    )
    assert history == [("articles/h_edited.txt", "edited", 7.4e9), ("articles/h_removed.txt", "removed", 6.2e9)]
    # no verdict is about a retired claim
    assert _q(wpath, "SELECT count(*) FROM claim_verdict WHERE claim_id NOT IN (SELECT claim_id FROM claim)")[0][0] == 0
    claims_now = _q(wpath, "SELECT count(*) FROM claim")[0][0]
    assert claims_now == seed_claims + after["articles/h_edited.txt"]

    # behind the run's back: a writable DuckDB session deletes the seed article's claims
    con = duckdb.connect(str(wpath))
    con.execute(
        "DELETE FROM claim WHERE source_id NOT IN (SELECT source_id FROM source WHERE path LIKE 'articles/h_%')"
    )
    con.close()
    assert _q(wpath, "SELECT count(*) FROM claim")[0][0] == after["articles/h_edited.txt"]
    third = run_corridor(["run"], env)
    assert third.returncode == 0, third.stdout[-3000:] + third.stderr[-3000:]
    # the warehouse did not match its record: it was rebuilt from the inputs, the deleted claims are back
    assert _q(wpath, "SELECT count(*) FROM claim")[0][0] == claims_now
    assert _q(wpath, "SELECT count(*) FROM claim_verdict")[0][0] > 0
