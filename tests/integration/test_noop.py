"""A rerun with nothing new does no work: `corridor run` launches no run when neither half of the job
has new inputs since the last clean run, and only the half with new inputs when one has. Inside a run
(`--all`), loads whose content the warehouse already holds write nothing (the file is not touched), checks
that passed on the same input are carried over (no GX), and the marts and report are not rebuilt.
Anything changed, or a check that failed, is done again."""

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


def _run(env: dict, *flags: str) -> str:
    proc = run_corridor(["run", *flags], env)
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


def test_a_rerun_runs_only_what_has_new_inputs_and_writes_nothing_else(tmp_path, monkeypatch):
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
    with dg.DagsterInstance.get() as instance:
        first = _latest_run(instance)

    # Nothing new: no run is launched at all.
    assert f"nothing new since run {first}" in _run(env)
    with dg.DagsterInstance.get() as instance:
        assert _latest_run(instance) == first

    # Every step anyway (--all). The official checks' input includes the releases loaded, which the first
    # run changed, so they run again once; what the loads would write is in the warehouse already.
    _run(env, "--all")
    with dg.DagsterInstance.get() as instance:
        run_id = _latest_run(instance)
        assert run_id != first
        assert all(_unchanged(instance, a, run_id) for a in LOADS)
        assert _check(instance, "reference_data", "reference_rows", run_id).description.startswith("carried over")
        assert not _check(instance, "official_press", "observations_rows", run_id).description.startswith("carried")
    assert _file_id(wpath) == before

    _run(env, "--all")  # nothing new, again: every check carried over
    with dg.DagsterInstance.get() as instance:
        run_id = _latest_run(instance)
        assert all(_unchanged(instance, a, run_id) for a in LOADS)
        for asset, check in SUITE_CHECKS:
            evaluation = _check(instance, asset, check, run_id)
            assert evaluation.passed and evaluation.description.startswith("carried over from run ")
            assert "input_fingerprint" in evaluation.metadata
    assert _file_id(wpath) == before  # the file was not written (in place or by a swap)
    assert _file_id(reports / "index.html") == report_before
    assert f"nothing new since run {run_id}" in _run(env)

    # A new article: only the articles' half runs (its own job); the official snapshots are not read again.
    (data / "articles" / "synthetic_noop_article.txt").write_text(
        "date 2025-03-03\nSYNTHETIC test article. В 2024 году товарооборот России и Казахстана составил "
        "27,5 млрд долларов.\n",
        encoding="utf-8",
    )
    _run(env)
    with dg.DagsterInstance.get() as instance:
        run = instance.get_runs(limit=1)[0]
        assert run.job_name == "articles_refresh"
        assert not _unchanged(instance, "warehouse_articles", run.run_id)
        press = instance.get_latest_materialization_event(dg.AssetKey("warehouse_official_press"))
        assert press.run_id != run.run_id
    assert "nothing new since run" in _run(env)

    # A touched official file: only the official half runs; its content is the same, so nothing is written.
    (data / "official" / "press" / "reported_official_figures.csv").touch()
    _run(env)
    with dg.DagsterInstance.get() as instance:
        run = instance.get_runs(limit=1)[0]
        assert run.job_name == "official_refresh"
        assert _unchanged(instance, "warehouse_official_press", run.run_id)
        articles = instance.get_latest_materialization_event(dg.AssetKey("warehouse_articles"))
        assert articles.run_id != run.run_id

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
