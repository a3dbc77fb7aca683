"""A run whose process was killed keeps its pool slot; the next `corridor run` frees it."""

from __future__ import annotations

import shutil
import subprocess
import sys

import dagster as dg

from pipelines.defs import abandoned_runs
from tests.helpers.corridor import PROJECT


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _instance(tmp_path) -> dg.DagsterInstance:
    shutil.copyfile(PROJECT / "dagster.yaml", tmp_path / "dagster.yaml")
    instance = dg.DagsterInstance.from_config(str(tmp_path))
    instance.event_log_storage.set_concurrency_slots("duckdb_warehouse", 2)  # room for both runs of a test
    return instance


def _started_run(instance, tags: dict) -> str:
    run = instance.create_run_for_job(dg.GraphDefinition("g", node_defs=[]).to_job(), tags=tags)
    instance.handle_run_event(
        run.run_id,
        dg.DagsterEvent(  # STARTED, as the killed process had reported
            event_type_value="PIPELINE_START", job_name=run.job_name, message="start"
        ),
    )
    assert instance.get_run_by_id(run.run_id).status == dg.DagsterRunStatus.STARTED
    claim = instance.event_log_storage.claim_concurrency_slot("duckdb_warehouse", run.run_id, "warehouse_articles")
    assert claim.is_claimed
    return run.run_id


def test_a_killed_runs_slot_is_freed_and_the_run_marked_failed(tmp_path):
    instance = _instance(tmp_path)
    tags = {**abandoned_runs.run_tags(), abandoned_runs.PID_TAG: str(_dead_pid())}
    run_id = _started_run(instance, tags)
    assert run_id in instance.event_log_storage.get_concurrency_run_ids()
    assert abandoned_runs.reclaim(instance) == [run_id]
    assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.FAILURE
    assert run_id not in instance.event_log_storage.get_concurrency_run_ids()
    # a second look finds nothing left to reclaim
    assert abandoned_runs.reclaim(instance) == []


def test_a_live_run_and_another_launchers_run_are_left_alone(tmp_path):
    instance = _instance(tmp_path)
    live = _started_run(instance, abandoned_runs.run_tags())  # this very process: alive
    other = _started_run(instance, {"dagster/from_ui": "true"})
    assert abandoned_runs.reclaim(instance) == []
    for run_id in (live, other):
        assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.STARTED
        assert run_id in instance.event_log_storage.get_concurrency_run_ids()
