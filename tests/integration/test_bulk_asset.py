"""The bulk asset materialized in process (with its upstream reference assets, on a temporary folder), on
SYNTHETIC bulk files under data/bulk/<provider>/: good rows
load and faults are quarantined; a file whose bytes do not match its manifest is named with its
reason and not loaded while the others load; a rerun reads nothing again; a new release far below
the previous one fails the blocking check and the run, and leaves the warehouse as it was."""

from __future__ import annotations

import shutil

import dagster as dg
import duckdb
import pytest

from pipelines.config import DataPaths
from pipelines.defs.bulk import warehouse_trade_commodity
from pipelines.defs.reference import reference_data
from pipelines.defs.warehouse import warehouse_reference
from pipelines.official import write_manifest
from pipelines.tools import synthetic_comtrade as comtrade_bulk
from tests.helpers.corridor import PROJECT, test_resources

pytestmark = pytest.mark.slow


def _manifest(path, published: str, release: str) -> None:
    write_manifest(
        path,
        provider="comtrade",
        dataset="bulk-hs6",
        title=f"SYNTHETIC bulk file {path.name}",
        publisher="Synthetic statistics office",
        fmt="comtrade_bulk_csv",
        url="https://example.org/bulk",
        licence="synthetic test data",
        published=published,
        retrieved=published,
        release=release,
    )


def _one(con, sql: str):
    return con.execute(sql).fetchall()[0][0]


def _check(instance, name: str):
    key = dg.AssetCheckKey(dg.AssetKey("warehouse_trade_commodity"), name)
    return instance.event_log_storage.get_asset_check_execution_history(key, limit=1)[0]


def _run(paths: DataPaths, instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [reference_data, warehouse_reference, warehouse_trade_commodity],
        resources=test_resources(paths),
        instance=instance,
        raise_on_error=False,
    )


def test_bulk_files_load_in_a_run_and_a_bad_one_is_named_and_held_back(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data" / "reference", data / "reference")
    (data / "articles").mkdir()
    folder = data / "bulk" / "comtrade"
    folder.mkdir(parents=True)
    good = comtrade_bulk.generate(folder / "bulk_2025.csv", 20_000, seed=3)
    _manifest(good.path, "2025-06-01", "2025a")
    broken = comtrade_bulk.generate(folder / "bulk_tampered.csv", 2_000, seed=4)
    _manifest(broken.path, "2025-06-01", "tampered")
    with open(broken.path, "a", encoding="utf-8") as fh:  # changed after its manifest was written
        fh.write(broken.path.read_text(encoding="utf-8").splitlines()[1] + "\n")
    (folder / "stray.csv").write_text("a,b\n1,2\n", encoding="utf-8")  # no manifest
    wpath = tmp_path / "w.duckdb"
    paths = DataPaths.under(data, wpath, tmp_path / "reports", tmp_path / "home")
    instance = dg.DagsterInstance.ephemeral()

    first = _run(paths, instance)
    assert first.success, [e.message for e in first.all_events if e.is_failure]
    con = duckdb.connect(str(wpath), read_only=True)
    assert _one(con, "SELECT count(*) FROM trade_commodity") == good.good_rows
    assert (
        dict(
            con.execute(
                "SELECT check_name, count(*) FROM quarantine WHERE dataset = 'trade_commodity' GROUP BY 1"
            ).fetchall()
        )
        == good.faults
    )
    files = dict(con.execute("SELECT input_name, reason FROM quarantine WHERE dataset = 'bulk_file'").fetchall())
    assert set(files) == {"bulk/comtrade/bulk_tampered.csv", "bulk/comtrade/stray.csv"}
    assert "sha256 mismatch" in files["bulk/comtrade/bulk_tampered.csv"]
    assert "no stray.csv.manifest.yaml" in files["bulk/comtrade/stray.csv"]
    con.close()
    rows = _check(instance, "trade_commodity_rows").event.dagster_event.event_specific_data
    assert not rows.passed and "bulk_tampered.csv" in rows.description

    # Nothing new: no file is read again and the warehouse file is not rewritten.
    (folder / "stray.csv").unlink()
    broken.path.unlink()
    (folder / "bulk_tampered.csv.manifest.yaml").unlink()
    second = _run(paths, instance)
    assert second.success
    before = wpath.stat().st_ino
    third = _run(paths, instance)
    assert third.success
    assert wpath.stat().st_ino == before
    event = instance.get_latest_materialization_event(dg.AssetKey("warehouse_trade_commodity"))
    assert event.asset_materialization.metadata["files_unchanged"].value == 1
    assert event.asset_materialization.metadata["files_loaded"].value == 0
    con = duckdb.connect(str(wpath), read_only=True)
    assert _one(con, "SELECT count(*) FROM quarantine WHERE dataset = 'bulk_file'") == 0  # fixed: rows gone
    hashes = {t: _one(con, f"SELECT count(*) FROM {t}") for t in ("trade_commodity", "release", "source")}
    con.close()

    # A new release with a tenth of the rows: the blocking GX check fails, the run fails with the reason.
    thin = comtrade_bulk.generate(folder / "bulk_2026.csv", 2_000, seed=5)
    _manifest(thin.path, "2026-06-01", "2026a")
    fourth = _run(paths, instance)
    assert not fourth.success
    failed = [c for c in fourth.get_asset_check_evaluations() if not c.passed]
    assert [(c.check_name, c.severity) for c in failed] == [("trade_commodity_aggregates", dg.AssetCheckSeverity.ERROR)]
    assert "bulk_agg_rows_within_band_of_previous" in failed[0].description
    # the run fails on the blocking check, not on an exception in the asset
    errors = {e.event_specific_data.error.cls_name for e in fourth.get_step_failure_events()}
    assert errors <= {"DagsterAssetCheckFailedError"}, errors
    con = duckdb.connect(str(wpath), read_only=True)
    assert {t: _one(con, f"SELECT count(*) FROM {t}") for t in hashes} == hashes
    assert _one(con, "SELECT reason FROM quarantine WHERE input_name = 'bulk/comtrade/bulk_2026.csv'").startswith(
        "bulk/comtrade/bulk_2026.csv: table-level suite trade_commodity_aggregates failed"
    )
    con.close()
