"""End to end: `corridor run` builds the warehouse from the shipped data, and reruns change nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipelines import warehouse as wh
from tests.helpers.corridor import PROJECT, SEED, run_corridor

pytestmark = pytest.mark.slow

SEED_FIGURES = [
    # indicator, measure, value, value_low, value_high, qualifier, record, period, base period, entity, span
    (
        "transport.passengers",
        "level",
        573_000,
        573_000,
        None,
        "more_than",
        False,
        ("2024-01-01", "2024-12-31"),
        None,
        "Aeroflot Group",
        "573 тыс.",
    ),
    (
        "transport.passengers",
        "change_pct",
        35,
        34.5,
        35.5,
        "exact",
        False,
        ("2024-01-01", "2024-12-31"),
        ("2023-01-01", "2023-12-31"),
        "Aeroflot Group",
        "35%",
    ),
    (
        "transport.passengers",
        "level",
        459_000,
        459_000,
        None,
        "more_than",
        False,
        ("2025-01-01", "2025-10-31"),
        None,
        "Aeroflot Group",
        "459 тыс.",
    ),
    (
        "trade.turnover",
        "level",
        4.1e9,
        4.05e9,
        4.15e9,
        "exact",
        True,
        ("2024-01-01", "2024-12-31"),
        None,
        None,
        "$4,1 млрд",
    ),
    (
        "trade.turnover",
        "change_pct",
        13.6,
        13.55,
        13.65,
        "exact",
        False,
        ("2024-01-01", "2024-12-31"),
        ("2023-01-01", "2023-12-31"),
        None,
        "13,6%",
    ),
    ("trade.turnover", "change_pct", 17, 16.5, 17.5, "exact", False, None, None, None, "17%"),
]


def _con(built):
    return duckdb.connect(str(built["path"]), read_only=True)


def test_core_tables_are_filled(built_warehouse):
    counts = wh.table_counts(_con(built_warehouse))
    for table in ("source", "observation", "claim", "release", "ref_country", "ref_indicator", "ref_unit"):
        assert counts[table] > 0, table


def test_the_seed_article_gives_exactly_its_six_figures(built_warehouse):
    con = _con(built_warehouse)
    text = SEED.read_text(encoding="utf-8")
    rows = con.execute("""
        SELECT c.*, t.text FROM claim c JOIN article_text t USING (source_id) JOIN source s USING (source_id)
        WHERE s.path = 'articles/000_e0659a0f34bccf04.txt' AND c.derived_from IS NULL ORDER BY c.start
    """).fetchall()
    cols = [d[0] for d in con.description]
    claims = [dict(zip(cols, r, strict=True)) for r in rows]
    assert len(claims) == 6
    for c, (ind, measure, value, low, high, qual, record, period, base, entity, span) in zip(
        claims, SEED_FIGURES, strict=True
    ):
        where = f"{ind} {measure} {c['quote']!r}"
        assert (c["indicator"], c["measure"]) == (ind, measure), where
        assert c["value"] == pytest.approx(value), where
        assert c["value_low"] == pytest.approx(low) if low is not None else c["value_low"] is None, where
        assert c["value_high"] == pytest.approx(high) if high is not None else c["value_high"] is None, where
        assert c["qualifier"] == qual and c["record"] is record, where
        assert c["countries"] == ["KGZ", "RUS"], where
        assert c["entity"] == entity, where
        if period:
            assert (str(c["period_start"]), str(c["period_end"])) == period, where
        else:  # "В 2025 году ... уже прибавил": the year so far, starting in January 2025
            assert c["period_start"] == date(2025, 1, 1), where
        if base:
            assert (str(c["base_period_start"]), str(c["base_period_end"])) == base, where
        # offsets point into the stored text, and the quote stands in it around the figure
        assert span in c["text"][c["start"] : c["end"]], where
        assert c["text"][c["quote_start"] : c["quote_start"] + len(c["quote"])] == c["quote"], where
        assert c["quote_start"] <= c["start"] < c["end"] <= c["quote_start"] + len(c["quote"]), where
        assert c["quote"] in text


def test_every_observation_traces_back_to_a_source(built_warehouse):
    con = _con(built_warehouse)
    orphans = con.execute("""
        SELECT count(*) FROM observation o LEFT JOIN release r USING (release_id)
        LEFT JOIN source s ON s.source_id = r.source_id
        WHERE s.source_id IS NULL OR s.sha256 IS NULL OR r.published_at IS NULL
    """).fetchall()[0][0]
    assert orphans == 0


@pytest.mark.parametrize("query", sorted((PROJECT / "sql" / "queries").glob("*.sql")), ids=lambda p: p.name)
def test_example_queries_run(built_warehouse, query):
    rows = _con(built_warehouse).sql(query.read_text(encoding="utf-8")).fetchall()
    if query.name in (
        "seed_claims.sql",
        "kgz_rus_trade.sql",
        "sources_and_releases.sql",
        "official_series_on_file.sql",
    ):
        assert rows, f"{query.name} returned nothing on the shipped data"


def test_rerun_changes_nothing(built_warehouse):
    before = wh.content_hashes(_con(built_warehouse))
    proc = run_corridor(["run", "--all"], built_warehouse["env"])
    assert proc.returncode == 0, proc.stderr
    after = wh.content_hashes(_con(built_warehouse))
    assert after == before
    assert all(not h.startswith("0:") for t, h in after.items() if t in ("claim", "observation", "source"))


def test_compilations_have_no_row_count_baseline(built_warehouse):
    """The press files hold one release per cited document, not vintages of one table: no band baseline."""
    con = _con(built_warehouse)
    per_file = con.execute(
        "SELECT count(DISTINCT release_id) FROM release JOIN source USING (source_id) "
        "WHERE release.provider = 'press' GROUP BY source.sha256"
    ).fetchall()
    assert max(n for (n,) in per_file) > 1
    keys = [k for (k, _) in con.execute(wh.sql_text("internal/latest_release_counts.sql")).fetchall()]
    assert not [k for k in keys if k.startswith("press/")]


def test_run_prints_a_summary(built_warehouse):
    out = built_warehouse["stdout"]
    assert "Corridor run succeeded" in out
    assert "Checks:" in out and "claim" in out and "observation" in out


def test_query_command_prints_the_count(built_warehouse):
    n = _con(built_warehouse).execute("SELECT count(*) FROM claim").fetchall()[0][0]
    proc = run_corridor(["query", "select count(*) as n from claim", "--format", "json"], built_warehouse["env"])
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [{"n": n}]
    proc = run_corridor(["query", "select count(*) as n from claim", "--format", "csv"], built_warehouse["env"])
    assert proc.stdout.split() == ["n", str(n)]


def test_query_refuses_writes(built_warehouse):
    proc = run_corridor(["query", "delete from claim"], built_warehouse["env"])
    assert proc.returncode == 2 and "read-only" in proc.stderr


def test_dagster_cli_materializes_everything(tmp_path):
    env = {**os.environ, "CORRIDOR_WAREHOUSE": str(tmp_path / "w.duckdb"), "DAGSTER_HOME": str(tmp_path / "home")}
    (tmp_path / "home").mkdir()
    dagster = str(Path(sys.executable).with_name("dagster"))
    proc = subprocess.run(
        [dagster, "asset", "materialize", "-m", "pipelines.definitions", "--select", "*"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM claim").fetchall()[0][0] >= 6
