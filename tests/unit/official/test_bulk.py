"""The bulk Comtrade ingest on SYNTHETIC files (pipelines.tools.synthetic_comtrade), 20,000 rows."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines import warehouse as wh
from pipelines.official import bulk
from pipelines.tools import synthetic_comtrade as comtrade_bulk

N = 20_000


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> comtrade_bulk.BulkFile:
    return comtrade_bulk.generate(tmp_path_factory.mktemp("bulk") / "synthetic_bulk.csv", N, seed=11)


def _counts(path: Path) -> dict:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            "trade_commodity": con.execute("SELECT count(*) FROM trade_commodity").fetchall()[0][0],
            "quarantine": dict(
                con.execute(
                    "SELECT check_name, count(*) FROM quarantine WHERE dataset = 'trade_commodity' GROUP BY 1"
                ).fetchall()
            ),
            "release": con.execute("SELECT count(*) FROM release").fetchall()[0][0],
            "source": con.execute("SELECT count(*) FROM source").fetchall()[0][0],
            "hashes": wh.content_hashes(con),
        }
    finally:
        con.close()


def test_generator_is_deterministic(tmp_path, sample):
    again = comtrade_bulk.generate(tmp_path / "a.csv", N, seed=11)
    other = comtrade_bulk.generate(tmp_path / "b.csv", N, seed=12)
    assert _sha(again.path) == _sha(sample.path)
    assert again.faults == sample.faults
    assert _sha(other.path) != _sha(sample.path)
    header = sample.path.read_text().splitlines()[0].split(",")
    assert header == comtrade_bulk.COLUMNS
    assert set(sample.faults) == set(bulk.CHECKS) and all(v > 0 for v in sample.faults.values())


def test_faults_are_quarantined_with_their_reasons_and_good_rows_load(tmp_path, sample):
    res = bulk.ingest(sample.path, tmp_path / "w.duckdb", published=date(2025, 6, 1))
    assert res.aggregates.success
    assert res.refused_by_check == sample.faults
    assert res.loaded == sample.good_rows and res.quarantined == sum(sample.faults.values())
    c = _counts(tmp_path / "w.duckdb")
    assert c["trade_commodity"] == sample.good_rows
    assert c["quarantine"] == sample.faults
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    reasons = dict(con.execute("SELECT check_name, any_value(reason) FROM quarantine GROUP BY 1").fetchall())
    assert "is not a number" in reasons["bulk_value_numeric"]
    assert "negative primaryValue" in reasons["bulk_value_not_negative"]
    assert "reporterCode '999'" in reasons["bulk_reporter_known"]
    assert "partnerCode '999'" in reasons["bulk_partner_known"]
    assert "period '" in reasons["bulk_period_valid"]
    assert "appears 2 times" in reasons["bulk_key_unique"]
    # good rows: ISO3 codes, flows, periods and the release/source they belong to
    assert (
        con.execute(
            "SELECT count(*) FROM trade_commodity WHERE value < 0 OR length(reporter) <> 3 "
            "OR flow NOT IN ('exports', 'imports') OR period_end <> period_start + INTERVAL 364 DAY "
            "AND period_end <> period_start + INTERVAL 365 DAY"
        ).fetchall()[0][0]
        == 0
    )
    assert (
        con.execute(
            "SELECT count(*) FROM (SELECT reporter, partner, flow, commodity, period_start FROM "
            "trade_commodity GROUP BY ALL HAVING count(*) > 1)"
        ).fetchall()[0][0]
        == 0
    )
    assert (
        con.execute(
            "SELECT count(*) FROM trade_commodity t JOIN release r USING (release_id) "
            "JOIN source s ON s.source_id = r.source_id AND s.source_id = t.source_id"
        ).fetchall()[0][0]
        == sample.good_rows
    )
    # the observation table and its views are untouched
    assert con.execute("SELECT count(*) FROM observation").fetchall()[0][0] == 0


def test_rerun_adds_no_duplicates(tmp_path, sample):
    path = tmp_path / "w.duckdb"
    bulk.ingest(sample.path, path, published=date(2025, 6, 1))
    first = _counts(path)
    res = bulk.ingest(sample.path, path, published=date(2025, 6, 1))
    assert res.previous_release is None  # the same release is replaced, not compared with itself
    assert _counts(path) == first
    con = duckdb.connect(str(path), read_only=True)
    try:  # ids unique by construction (quarantine has no key index): the rerun replaced its rows
        assert con.execute("SELECT count(*) - count(DISTINCT quarantine_id) FROM quarantine").fetchall()[0][0] == 0
    finally:
        con.close()


def test_unknown_m49_codes_are_quarantined(tmp_path):
    f = tmp_path / "synthetic_unknown.csv"
    comtrade_bulk.generate(f, 2000, seed=3, fault_rates={})
    lines = f.read_text().splitlines()
    cols = lines[0].split(",")
    row = lines[1].split(",")
    row[cols.index("reporterCode")] = "123"  # no country has M49 123
    row[cols.index("cmdCode")] = "999999"
    lines.append(",".join(row))
    f.write_text("\n".join(lines) + "\n")
    res = bulk.ingest(f, tmp_path / "w.duckdb")
    assert res.refused_by_check == {"bulk_reporter_known": 1}
    assert res.loaded == 2000


def test_two_m49_codes_of_one_country_make_one_key(tmp_path):
    """842 and 841 both map to USA: two rows that differ only by those codes share a key (the staged rows
    carry the ISO3, not the code), so both are refused as duplicates and neither is loaded."""
    f = tmp_path / "synthetic_usa_codes.csv"
    comtrade_bulk.generate(f, 2000, seed=3, fault_rates={})
    lines = f.read_text().splitlines()
    cols = lines[0].split(",")
    row = lines[1].split(",")
    row[cols.index("cmdCode")] = "999998"  # a commodity no generated row has
    for code in ("842", "841"):
        row[cols.index("reporterCode")] = code
        lines.append(",".join(row))
    f.write_text("\n".join(lines) + "\n")
    res = bulk.ingest(f, tmp_path / "w.duckdb")
    assert res.refused_by_check == {"bulk_key_unique": 2}
    assert res.loaded == 2000
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        reasons = con.execute("SELECT reason FROM quarantine WHERE check_name = 'bulk_key_unique'").fetchall()
        loaded = con.execute("SELECT count(*) FROM trade_commodity WHERE commodity = '999998'").fetchall()[0][0]
        reporters = con.execute("SELECT DISTINCT typeof(reporter) FROM trade_commodity").fetchall()
    finally:
        con.close()
    # both rows normalize to the same record: quarantine keeps it once (its id is the record's hash)
    assert len(reasons) == 1 and reasons[0][0].startswith("key USA ") and "appears 2 times" in reasons[0][0]
    assert loaded == 0
    assert reporters == [("VARCHAR",)]


def test_gx_aggregate_suite_fails_on_a_doctored_aggregate():
    frame = pl.DataFrame(
        {
            "reporter": ["KGZ", "RUS"],
            "year": [2024, 2024],
            "flow": ["exports", "imports"],
            "n_rows": [10, 12],
            "value_sum": [100.0, 50.0],
            "value_min": [1.0, 2.0],
            "n_previous": [None, None],
            "rows_vs_previous": [None, None],
        },
        schema_overrides={"n_previous": pl.Int64, "rows_vs_previous": pl.Float64},
    )
    assert bulk.validate_aggregates(frame).success
    bad = bulk.validate_aggregates(frame.with_columns(value_sum=pl.Series([100.0, -5.0])))
    assert not bad.success and "bulk_agg_value_sum_not_negative" in bad.failed
    halved = bulk.validate_aggregates(
        frame.with_columns(n_previous=pl.Series([20, 12]), rows_vs_previous=pl.Series([0.4, 1.0]))
    )
    assert halved.failed == ["bulk_agg_rows_within_band_of_previous"]


def test_load_refuses_a_release_with_half_the_rows_of_the_previous(tmp_path, sample):
    path = tmp_path / "w.duckdb"
    bulk.ingest(sample.path, path, release="2025-06", published=date(2025, 6, 1))
    before = _counts(path)
    small = comtrade_bulk.generate(tmp_path / "synthetic_small.csv", N * 2 // 5, seed=11)
    with pytest.raises(bulk.BulkRefused) as err:
        bulk.ingest(small.path, path, release="2025-07", published=date(2025, 7, 1))
    assert "bulk_agg_rows_within_band_of_previous" in err.value.result.failed
    assert _counts(path) == before  # nothing of the refused file is written
    # a full-size next release passes the band and sits beside the first
    nxt = comtrade_bulk.generate(tmp_path / "synthetic_next.csv", N, seed=12)
    res = bulk.ingest(nxt.path, path, release="2025-07", published=date(2025, 7, 1))
    assert res.previous_release is not None and res.previous_release.startswith("comtrade:bulk-hs:2025-06:")
    assert _counts(path)["release"] == 2


def test_a_file_without_the_bulk_columns_is_refused(tmp_path):
    f = tmp_path / "synthetic_not_bulk.csv"
    f.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="missing column"):
        bulk.ingest(f, tmp_path / "w.duckdb")
    assert not (tmp_path / "w.duckdb").exists()
