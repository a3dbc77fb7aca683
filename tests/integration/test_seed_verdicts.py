"""The seed article's verdicts on the shipped data, as the README's table and its reading say (issue 14)."""

from __future__ import annotations

import pytest

from pipelines import warehouse as wh

pytestmark = pytest.mark.slow


def test_the_seed_verdicts_read_as_the_readme_says(built_warehouse):
    """The README's seed table on the shipped data (a change to the data or the marts that alters it must
    update the README's table and its reading)."""
    con = wh.connect_read_only(built_warehouse["path"])
    rows = con.execute("""
        SELECT indicator || ' ' || measure || ' ' || year(period_start) || CASE WHEN derived_from IS NULL THEN ''
               ELSE ' implied' END, verdict_at_publication, verdict_latest
        FROM claim_verdict c JOIN source s USING (source_id) WHERE s.path = 'articles/000_e0659a0f34bccf04.txt'
    """).fetchall()
    assert {r[0]: r[1:] for r in rows} == {
        "trade.turnover change_pct 2024": ("unverifiable", "unverifiable"),
        "trade.turnover level 2024": ("supported", "supported"),
        "trade.turnover change_pct 2025": ("unverifiable", "scope_mismatch"),
        "trade.turnover level 2023 implied": ("contradicted", "contradicted"),
        "transport.passengers change_pct 2024": ("unverifiable", "unverifiable"),
        "transport.passengers level 2024": ("unverifiable", "unverifiable"),
        "transport.passengers level 2025": ("unverifiable", "unverifiable"),
        "transport.passengers level 2023 implied": ("unverifiable", "unverifiable"),
    }
    records = dict(con.execute("SELECT reporter, verdict FROM record_check").fetchall())
    assert records == {"RUS": "record_confirmed"}
    source = con.execute(
        "SELECT differs_latest FROM claim_verdict WHERE derived_from IS NOT NULL AND indicator = 'trade.turnover'"
    ).fetchall()
    assert source == [("KGZ (stat_kg, statistics office)",)]  # the best-ranked source on the Kyrgyz side
