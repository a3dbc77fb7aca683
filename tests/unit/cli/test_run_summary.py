"""The run summary stays readable on a big corpus: a few claims, and how to see the rest."""

from __future__ import annotations

import types

import duckdb

from pipelines import cli
from pipelines import warehouse as wh
from pipelines.config import DataPaths


def test_the_run_summary_shows_at_most_a_page_of_claims(tmp_path, monkeypatch, capsys):
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    wh.apply_schema(con)
    con.execute(
        """
        CREATE TABLE claim_verdict AS
        SELECT 'trade.turnover' AS indicator, 'level' AS measure, i::DOUBLE AS value, 'exact' AS qualifier,
               DATE '2000-01-01' + i::INTEGER AS period_start, DATE '2024-12-31' AS period_end, NULL::VARCHAR AS entity,
               NULL::VARCHAR AS derived_from, 'supported' AS verdict_at_publication,
               'supported' AS verdict_latest, 'claim ' || i AS reason_latest
        FROM range(cli.SUMMARY_ROWS + 7) t(i)""".replace("cli.SUMMARY_ROWS", str(cli.SUMMARY_ROWS))
    )
    con.close()
    result = types.SimpleNamespace(
        get_asset_check_evaluations=lambda: [], get_step_failure_events=lambda: [], success=True, run_id="test"
    )
    cli.print_run_summary(result, DataPaths.under(tmp_path, warehouse=path, reports=tmp_path / "reports"))
    out = capsys.readouterr().out
    assert f"claim {cli.SUMMARY_ROWS - 1}" in out and f"claim {cli.SUMMARY_ROWS}" not in out
    assert "... and 7 more: `corridor query @sql/internal/claim_verdict_preview.sql`" in out
