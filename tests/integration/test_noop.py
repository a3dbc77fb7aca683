"""A rerun with nothing new does no work: loads whose content the warehouse already holds write
nothing (no copy of the file), checks that passed on the same input are carried over (no GX), and
the marts and report are not rebuilt. Anything changed, or a check that failed, is done again."""

from __future__ import annotations

import shutil

import dagster as dg
import duckdb
import pytest

from pipelines.official.manifest import write_manifest
from tests.helpers.corridor import PROJECT, run_corridor
from tests.helpers.faults import csv_text, manual_row

pytestmark = pytest.mark.slow

LOADS = ("warehouse_reference", "warehouse_articles", "warehouse_official_press", "claim_checks")
SUITE_CHECKS = (
    ("reference_data", "reference_rows"),
    ("reference_data", "reference_table"),
    ("official_press", "observations_rows"),
    ("official_press", "observations_table"),
)


def _run(env: dict) -> str:
    proc = run_corridor(["run"], env)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout


def _latest_run(instance) -> str:
    return instance.get_runs(limit=1)[0].run_id


def _unchanged(instance, asset: str, run_id: str) -> bool:
    event = instance.get_latest_materialization_event(dg.AssetKey(asset))
    assert event.run_id == run_id, f"{asset} was not materialized by run {run_id}"
    return event.asset_materialization.metadata["unchanged"].value


def _check(instance, asset: str, check: str, run_id: str):
    key = dg.AssetCheckKey(dg.AssetKey(asset), check)
    record = instance.event_log_storage.get_asset_check_execution_history(key, limit=1)[0]
    assert record.run_id == run_id
    return record.event.dagster_event.event_specific_data


def _file_id(path) -> tuple[int, int]:
    st = path.stat()
    return st.st_ino, st.st_mtime_ns


def test_a_rerun_with_nothing_new_writes_nothing_and_carries_checks_over(tmp_path, monkeypatch):
    data = tmp_path / "data"
    for part in ("reference", "official", "articles"):
        shutil.copytree(PROJECT / "data" / part, data / part)
    home, wpath, reports = tmp_path / "home", tmp_path / "w.duckdb", tmp_path / "reports"
    env = {
        "CORRIDOR_DATA": str(data),
        "CORRIDOR_WAREHOUSE": str(wpath),
        "DAGSTER_HOME": str(home),
        "CORRIDOR_REPORTS": str(reports),
    }
    _run(env)
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    before = _file_id(wpath)
    report_before = _file_id(reports / "index.html")

    # Nothing new. The official checks' input includes the releases loaded, which the first run changed,
    # so they run again once; what the loads would write is in the warehouse already.
    _run(env)
    with dg.DagsterInstance.get() as instance:
        run_id = _latest_run(instance)
        assert all(_unchanged(instance, a, run_id) for a in LOADS)
        assert _check(instance, "reference_data", "reference_rows", run_id).description.startswith("carried over")
        assert not _check(instance, "official_press", "observations_rows", run_id).description.startswith("carried")
    assert _file_id(wpath) == before

    _run(env)  # nothing new, again: every check carried over
    with dg.DagsterInstance.get() as instance:
        run_id = _latest_run(instance)
        assert all(_unchanged(instance, a, run_id) for a in LOADS)
        for asset, check in SUITE_CHECKS:
            evaluation = _check(instance, asset, check, run_id)
            assert evaluation.passed and evaluation.description.startswith("carried over from run ")
            assert "input_fingerprint" in evaluation.metadata
    assert _file_id(wpath) == before  # no copy-on-write swap happened
    assert _file_id(reports / "index.html") == report_before

    # A changed reference file: its checks run again, its load and the marts are redone; the official
    # data's checks, whose input includes the reference data, run again too.
    with open(data / "reference" / "providers.csv", "a", encoding="utf-8") as fh:
        fh.write("noopx,No-op test provider (synthetic),36500,Synthetic\n")
    _run(env)
    with dg.DagsterInstance.get() as instance:
        run_id = _latest_run(instance)
        assert not _unchanged(instance, "warehouse_reference", run_id)
        assert _unchanged(instance, "warehouse_articles", run_id)
        assert not _unchanged(instance, "claim_checks", run_id)
        for asset, check in SUITE_CHECKS:
            assert not _check(instance, asset, check, run_id).description.startswith("carried over")
    con = duckdb.connect(str(wpath), read_only=True)
    assert con.execute("SELECT count(*) FROM ref_provider WHERE provider = 'noopx'").fetchall()[0][0] == 1
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in ("claim", "claim_verdict")}
    con.close()

    # A lost warehouse: the checks may carry over (same input), but every load writes again.
    wpath.unlink()
    _run(env)
    with dg.DagsterInstance.get() as instance:
        run_id = _latest_run(instance)
        assert not any(_unchanged(instance, a, run_id) for a in LOADS)
        assert _check(instance, "reference_data", "reference_rows", run_id).description.startswith("carried over")
    con = duckdb.connect(str(wpath), read_only=True)
    assert {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in counts} == counts
    con.close()


def test_a_failed_check_is_never_carried_over(tmp_path, monkeypatch):
    data = tmp_path / "data"
    for part in ("reference", "official"):
        shutil.copytree(PROJECT / "data" / part, data / part)
    (data / "articles").mkdir()
    with open(data / "reference" / "providers.csv", "a", encoding="utf-8") as fh:
        fh.write("nooprows,No-op rows (synthetic),36500,Synthetic figures with one bad row\n")
    folder = data / "official" / "nooprows"
    folder.mkdir()
    (folder / "figures.csv").write_text(
        csv_text(manual_row(value="-5"), manual_row(reporter="RUS", partner="TJK")), encoding="utf-8"
    )
    write_manifest(
        folder / "figures.csv",
        provider="nooprows",
        dataset="figures",
        title="SYNTHETIC figures",
        publisher="Synthetic statistics office",
        fmt="manual_csv",
        url="https://example.org/noop",
        licence="synthetic test data",
        published="2025-02-01",
        retrieved="2025-02-01",
        language="en",
    )
    env = {
        "CORRIDOR_DATA": str(data),
        "CORRIDOR_WAREHOUSE": str(tmp_path / "w.duckdb"),
        "DAGSTER_HOME": str(tmp_path / "home"),
        "CORRIDOR_REPORTS": str(tmp_path / "reports"),
    }
    monkeypatch.setenv("DAGSTER_HOME", env["DAGSTER_HOME"])
    for _ in range(3):
        _run(env)
        with dg.DagsterInstance.get() as instance:
            evaluation = _check(instance, "official_nooprows", "observations_rows", _latest_run(instance))
        assert not evaluation.passed and not evaluation.description.startswith("carried over")
        con = duckdb.connect(env["CORRIDOR_WAREHOUSE"], read_only=True)
        reasons = con.execute("SELECT reason FROM quarantine WHERE input_name LIKE '%nooprows/figures.csv'").fetchall()
        loaded = con.execute(
            "SELECT count(*) FROM observation JOIN release USING (release_id) WHERE provider = 'nooprows'"
        ).fetchall()[0][0]
        con.close()
        assert len(reasons) == 1 and "negative value" in reasons[0][0]
        assert loaded == 1
