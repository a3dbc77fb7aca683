"""Runs of `corridor run` whose process died (SIGKILL, power loss) without ending the run.

Such a run stays STARTED in the Dagster instance and keeps the `duckdb_warehouse` pool slot it
held, so every later run would wait for that slot forever. Before a run starts, `corridor run`
marks them failed and frees their slots. Only runs this command started on this host are judged
(by the pid it tags them with); runs of other launchers are left to Dagster's own run monitoring.
"""

from __future__ import annotations

import os
import socket

import dagster as dg
import psutil

LAUNCHER_TAG, PID_TAG, HOST_TAG = "corridor/launcher", "corridor/pid", "corridor/host"


def run_tags() -> dict[str, str]:
    """Tags `corridor run` puts on its run, so a later run can tell whether its process still lives."""
    return {LAUNCHER_TAG: "cli", PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}


def _alive(pid: int, run_created: float) -> bool:
    """Whether the process that started a run (created at ``run_created``, epoch s) still runs."""
    try:
        started = psutil.Process(pid).create_time()
    except (psutil.NoSuchProcess, ValueError):
        return False
    except psutil.AccessDenied:
        return True
    return started <= run_created + 1  # a process born after the run is a reused pid: the run's is gone


def reclaim(instance: dg.DagsterInstance) -> list[str]:
    """Mark this host's abandoned `corridor run` runs failed and free their pool slots; their ids."""
    unfinished = [dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.NOT_STARTED]
    runs = instance.get_runs(filters=dg.RunsFilter(statuses=unfinished, tags={LAUNCHER_TAG: "cli"}))
    reclaimed = []
    for run in runs:
        if run.tags.get(HOST_TAG) != socket.gethostname():
            continue
        record = instance.get_run_record_by_id(run.run_id)
        if _alive(int(run.tags.get(PID_TAG, "0") or 0), record.create_timestamp.timestamp()):
            continue
        instance.report_run_failed(
            run,
            message=f"the corridor run process {run.tags.get(PID_TAG)} ended "
            "without finishing this run (killed?); its pool slots are freed",
        )
        reclaimed.append(run.run_id)
    holding = instance.event_log_storage.get_concurrency_run_ids()
    for run_id in holding:
        run = instance.get_run_by_id(run_id)
        if run is None or run.is_finished:
            instance.event_log_storage.free_concurrency_slots_for_run(run_id)
    return reclaimed
