"""Incremental claim checking (issue 19): the marts updated claim by claim across articles added and
retired, an official release, a correction and a provider's rank equal a full rebuild of the same tables,
and a step re-derives only the claims it touches. claim_official, a stored mart before, is a view with the
rows the table held; a warehouse built with the table is migrated by its next load."""

from __future__ import annotations

import shutil
from datetime import date

import polars as pl
import pytest

from pipelines import integrity, load, model
from pipelines import warehouse as wh
from pipelines.checking.implied import implied_claims
from pipelines.checking.marts import MART_TABLES, STATE_TABLES, build_marts, rebuild_marts
from tests.helpers.builders import checking_claim as claim
from tests.unit.checking.test_verdicts import JAN_OCT, PROVIDERS, Y, obs


def _article(sid: str, publisher: str, published: date) -> dict:
    return {
        "source_id": sid,
        "kind": "article",
        "sha256": sid,
        "published_date": published,
        "title": sid,
        "publisher": publisher,
    }


def _claims(sid: str, rows: list[dict]) -> pl.DataFrame:
    rows = [{**r, "source_id": sid, "claim_id": f"{sid}/{r['claim_id']}"} for r in rows]
    df = model.conform(pl.DataFrame(rows, schema_overrides={"countries": pl.List(pl.String)}), model.CLAIM)
    return pl.concat([df, implied_claims(df)])


def _release(rid: str, provider: str, published: date, observations: list[dict]) -> load.Staged:
    src = {
        "source_id": f"official:{rid}",
        "kind": "official",
        "sha256": rid,
        "provider": provider,
        "url": f"https://example.org/{rid}",
    }
    rel = {
        "release_id": rid,
        "source_id": f"official:{rid}",
        "provider": provider,
        "dataset": rid,
        "published_at": published,
        "retrieved_at": published,
        "published_precision": "day",
    }
    return load.Staged(
        tables={
            "source": model.conform(pl.DataFrame([src]), model.SOURCE),
            "release": model.conform(pl.DataFrame([rel]), model.RELEASE),
            "observation": model.conform(pl.DataFrame(observations), model.OBSERVATION),
        }
    )


def _add_article(con, sid: str, publisher: str, published: date, rows: list[dict]) -> None:
    load.load_staged(
        con,
        load.Staged(
            tables={
                "source": model.conform(pl.DataFrame([_article(sid, publisher, published)]), model.SOURCE),
                "claim": _claims(sid, rows),
            }
        ),
    )


ARTICLE_A = [
    claim("turnover", "trade.turnover", "level", 3.2e9, 3.15e9, 3.25e9, Y[2024], speaker="Synthetic Minister"),
    claim("record", "trade.turnover", "level", 3.3e9, 3.25e9, 3.35e9, Y[2024], record=True),
    claim("growth", "trade.turnover", "change_pct", 10.0, 9.5, 10.5, Y[2024], unit="percent", base=Y[2023]),
    claim("exports", "trade.exports", "level", 2.0e9, 1.95e9, 2.05e9, Y[2024], exporter="KGZ", importer="RUS"),
    claim("kaz", "trade.turnover", "level", 26.1e9, 26.05e9, 26.15e9, Y[2022], countries=("KAZ", "RUS")),
    claim("ytd", "trade.turnover", "level", 2.0e9, 1.95e9, 2.05e9, Y[2025]),
]
ARTICLE_B = [
    claim("turnover", "trade.turnover", "level", 5.0e9, 4.95e9, 5.05e9, Y[2024], speaker="Synthetic Minister"),
    claim(
        "kaz",
        "trade.turnover",
        "level",
        24.0e9,
        23.95e9,
        24.05e9,
        Y[2022],
        countries=("KAZ", "RUS"),
        speaker="Synthetic Envoy",
    ),
]
KGZ = [
    obs("trade.turnover", "KGZ", "RUS", Y[2023], 2.9e9, "kgz24", qualifier="about"),
    obs("trade.turnover", "KGZ", "RUS", Y[2024], 3.2e9, "kgz24", qualifier="about"),
    obs("trade.exports", "KGZ", "RUS", Y[2024], 2.0e9, "kgz24"),
    obs("trade.turnover", "KGZ", "RUS", JAN_OCT[2025], 1.9e9, "kgz24"),
]
KAZ = [obs("trade.turnover", "KAZ", "RUS", Y[2022], 24.0e9, "kaz", qualifier="about")]
KGZ_REVISED = [obs("trade.turnover", "KGZ", "RUS", Y[2024], 3.6e9, "kgz25", qualifier="about")]


# What the stored claim_official table held (its SQL before it became a view, over every claim): the
# view must give the same rows.
STORED_CLAIM_OFFICIAL = """
SELECT k.claim_id, k.side_role, o.*
FROM claim_key k
JOIN claim_scope c USING (claim_id)
JOIN official_series o ON o.indicator = k.indicator AND o.reporter = k.reporter AND o.partner = k.partner
WHERE c.period_start IS NOT NULL
"""


def _view_holds_what_the_table_held(con) -> None:
    view = wh.query_frame(con, "SELECT * FROM claim_official")
    stored = wh.query_frame(con, STORED_CLAIM_OFFICIAL)
    assert view.height > 0 and view.columns == stored.columns
    assert view.sort(pl.all()).equals(stored.sort(pl.all()))


def _mart_content(con) -> dict[str, str]:
    return wh.content_hashes(con, [*MART_TABLES, "claim_official"])


def _equals_full_rebuild(path, tmp_path) -> None:
    """The marts of ``path`` equal those a full rebuild of a copy of it derives."""
    copy = tmp_path / "full.duckdb"
    copy.unlink(missing_ok=True)
    shutil.copyfile(path, copy)
    con = wh.connect_read_only(path)
    try:
        incremental = _mart_content(con)
        _view_holds_what_the_table_held(con)
    finally:
        con.close()
    with wh.writing(copy) as con:
        rebuild_marts(con)
        full = _mart_content(con)
    assert incremental == full
    assert not full["claim_verdict"].startswith("0:") and not full["claim_check"].startswith("0:")


def _step(path, change) -> dict[str, int]:
    """``change`` and the marts' build in one write, recorded as a load records it: the tables the change
    may touch hashed in full, the marts' claim rows by the rows the build noted, which must add up to the
    tables' hashes (the tests verify every write: ``integrity.VERIFY_WRITES``)."""
    with wh.writing(path) as con:
        change(con)
        out = build_marts(con)
        wh.mark_written(con, *[t for t in wh.base_tables(con) if t not in (*MART_TABLES, *STATE_TABLES)])
        integrity.record(con, written_only=True)
    con = wh.connect_read_only(path)
    try:
        assert integrity.mismatches(con) == []
    finally:
        con.close()
    return out


def _first(con) -> None:
    for provider, cls in PROVIDERS.items():
        con.execute(
            "INSERT INTO ref_provider BY NAME SELECT ? AS provider, ? AS name, 365 AS cadence_days, ? AS source_class",
            [provider, provider, cls],
        )
    con.execute(  # the report's rows (report_claim) name each series by its indicator
        "INSERT INTO ref_indicator VALUES ('trade.turnover','trade','Trade turnover','Товарооборот','currency',"
        "'USD','turnover',NULL), ('trade.exports','trade','Exports','Экспорт','currency','USD','exports',NULL)"
    )
    load.load_staged(con, _release("kgz24", "stat_kg", date(2025, 3, 1), KGZ))
    load.load_staged(con, _release("kaz", "press", date(2023, 4, 11), KAZ))
    _add_article(con, "article:a", "Outlet A", date(2025, 11, 26), ARTICLE_A)


def test_incremental_marts_equal_a_full_rebuild_at_every_step(tmp_path):
    path = tmp_path / "w.duckdb"
    out = _step(path, _first)
    assert out["full_build"] == 1
    claims_a = out["claims_derived"]
    _equals_full_rebuild(path, tmp_path)

    # nothing changed: nothing derived
    out = _step(path, lambda con: None)
    assert (out["full_build"], out["claims_derived"]) == (0, 0)
    _equals_full_rebuild(path, tmp_path)

    # a new article: only its claims
    out = _step(path, lambda con: _add_article(con, "article:b", "Outlet B", date(2025, 6, 1), ARTICLE_B))
    assert out["full_build"] == 0 and 0 < out["claims_derived"] < claims_a + out["claims_derived"]
    assert out["claims_derived"] == len(_claims("article:b", ARTICLE_B))
    _equals_full_rebuild(path, tmp_path)

    # an article's publisher changes: its claims move to another outlet in claimant_record
    out = _step(path, lambda con: con.execute("UPDATE source SET publisher = 'Outlet C' WHERE source_id = 'article:b'"))
    assert out["claims_derived"] == len(_claims("article:b", ARTICLE_B))
    _equals_full_rebuild(path, tmp_path)
    con = wh.connect_read_only(path)
    assert {
        r[0] for r in con.execute("SELECT claimant FROM claimant_record WHERE claimant_kind = 'outlet'").fetchall()
    } == {"Outlet A", "Outlet C"}
    con.close()

    # a new official release on one key: only the claims matched on it (not KAZ-RUS ones)
    out = _step(path, lambda con: load.load_staged(con, _release("kgz25", "stat_kg", date(2026, 3, 1), KGZ_REVISED)))
    kaz_claims = 2
    assert out["full_build"] == 0 and 0 < out["claims_derived"]
    con = wh.connect_read_only(path)
    total = con.execute("SELECT count(*) FROM claim").fetchall()[0][0]
    con.close()
    assert out["claims_derived"] <= total - kaz_claims
    _equals_full_rebuild(path, tmp_path)

    # a hand-recorded correction of the KAZ figure
    def correct(con):
        con.execute(
            "INSERT INTO corrections BY NAME SELECT 'trade.turnover' AS indicator, 'KAZ' AS reporter, "
            "'RUS' AS partner, 'turnover' AS flow, DATE '2022-01-01' AS period_start, DATE '2022-12-31' AS period_end, "
            "'USD' AS unit, 26.1e9 AS corrected_value, 'synthetic: a digit slipped' AS reason, "
            "'test' AS recorded_by, DATE '2026-01-01' AS recorded_on"
        )

    out = _step(path, correct)
    assert out["claims_derived"] == kaz_claims
    _equals_full_rebuild(path, tmp_path)

    # a provider's rank changes: every claim on its keys
    out = _step(
        path,
        lambda con: con.execute("UPDATE ref_provider SET source_class = 'press_report' WHERE provider = 'stat_kg'"),
    )
    assert out["full_build"] == 0 and out["claims_derived"] > 0
    _equals_full_rebuild(path, tmp_path)

    # an indicator renamed in the reference data: no claim's inputs changed, but every report row names it
    rename = "UPDATE ref_indicator SET name_en = 'Goods turnover' WHERE code = 'trade.turnover'"
    out = _step(path, lambda con: con.execute(rename))
    assert out["full_build"] == 1
    _equals_full_rebuild(path, tmp_path)
    con = wh.connect_read_only(path)
    series = {r[0] for r in con.execute("SELECT series FROM report_claim").fetchall()}
    con.close()
    assert any(s.startswith("Goods turnover: ") for s in series)
    assert not any(s.startswith("Trade turnover: ") for s in series)

    # an article retired: its claims' rows go, and its claimants are counted again
    def retire(con):
        con.execute("DELETE FROM claim WHERE source_id = 'article:a'")
        con.execute("DELETE FROM source WHERE source_id = 'article:a'")

    out = _step(path, retire)
    assert out["claims_derived"] == claims_a
    _equals_full_rebuild(path, tmp_path)
    con = wh.connect_read_only(path)
    assert con.execute("SELECT count(*) FROM claim_verdict WHERE source_id = 'article:a'").fetchall() == [(0,)]
    assert con.execute("SELECT count(*) FROM claimant_record WHERE claimant = 'Outlet A'").fetchall() == [(0,)]
    con.close()


@pytest.mark.parametrize("code_changed", [True, False])
def test_a_warehouse_with_a_stored_claim_official_is_migrated(tmp_path, code_changed):
    """A warehouse built when claim_official was a stored mart: its next load drops the table (and its
    recorded state) and creates the view; the marts then equal a full rebuild, whether the marts' code
    changed since their build (the real upgrade: a full build) or not (an incremental one)."""
    path = tmp_path / "w.duckdb"
    _step(path, _first)
    with wh.writing(path) as con:  # back to the old layout, recorded as a load would have left it
        con.execute("DROP VIEW claim_official")
        con.execute(f"CREATE TABLE claim_official AS {STORED_CLAIM_OFFICIAL}")
        if code_changed:
            con.execute("UPDATE mart_state SET code_fingerprint = 'the code of a stored claim_official'")
        integrity.record(con)
    con = wh.connect_read_only(path)
    assert "claim_official" in wh.base_tables(con) and integrity.mismatches(con) == []
    con.close()

    with wh.writing(path) as con:
        # what a load checks first: the dropped table is not taken for a change behind the loads' back
        assert integrity.rebuild_if_untrusted(con) == []
        _add_article(con, "article:b", "Outlet B", date(2025, 6, 1), ARTICLE_B)
        out = build_marts(con)
        integrity.record(con)
    assert out["full_build"] == int(code_changed)
    con = wh.connect_read_only(path)
    try:
        assert "claim_official" not in wh.base_tables(con)
        assert con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'claim_official'").fetchall() == [
            (1,)
        ]
        assert integrity.mismatches(con) == []
        assert con.execute("SELECT count(*) FROM claim_official WHERE claim_id LIKE 'article:b/%'").fetchall()[0][0] > 0
    finally:
        con.close()
    _equals_full_rebuild(path, tmp_path)
