"""`corridor run` on the Dagster side: after abandoned runs are reclaimed, the halves of the main job whose
inputs changed since the last clean run (``pipelines.run_plan``), executed in process on one ``DataPaths``;
no run at all when nothing changed. Printing the summary belongs to the CLI, not here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import dagster as dg

from pipelines import run_plan
from pipelines.config import DataPaths
from pipelines.defs import abandoned_runs
from pipelines.defs.automation import ARTICLES_JOB, MAIN_JOB, OFFICIAL_JOB
from pipelines.defs.build import build_defs
from pipelines.defs.progress import progress_logger
from pipelines.defs.resources import DataPathsResource, WarehouseResource

PART_TAG = "corridor/part-inputs/"  # + part: the half's fingerprint when the run started
OUTPUTS_TAG = "corridor/outputs"  # what a clean run left (added when it ends cleanly)
JOB_FOR_PARTS = {run_plan.PARTS: MAIN_JOB, (run_plan.OFFICIAL,): OFFICIAL_JOB, (run_plan.ARTICLES,): ARTICLES_JOB}


@dataclass(frozen=True)
class NothingNew:
    """No half had new inputs: no run was launched."""

    since_run_id: str


def _last_run(instance: dg.DagsterInstance) -> run_plan.LastRun | None:
    runs = instance.get_runs(filters=dg.RunsFilter(tags={abandoned_runs.LAUNCHER_TAG: "cli"}), limit=1)
    if not runs:
        return None
    run = runs[0]
    return run_plan.LastRun(
        run_id=run.run_id,
        clean=run.status == dg.DagsterRunStatus.SUCCESS and OUTPUTS_TAG in run.tags,
        fingerprints={p: run.tags.get(PART_TAG + p, "") for p in run_plan.PARTS},
        outputs=run.tags.get(OUTPUTS_TAG),
    )


def _clean(result: dg.ExecuteInProcessResult) -> bool:
    return result.success and all(c.passed for c in result.get_asset_check_evaluations())


def run_main_job(
    paths: DataPaths, on_reclaimed: Callable[[str], None], everything: bool = False
) -> dg.ExecuteInProcessResult | NothingNew:
    """The stale halves of the main job (every asset when ``everything``), in process, with the Dagster
    instance of ``paths.dagster_home``."""
    with dg.DagsterInstance.from_config(str(paths.dagster_home)) as instance:
        for run_id in abandoned_runs.reclaim(instance):
            on_reclaimed(run_id)
        fingerprints = run_plan.part_fingerprints(paths)
        last = None if everything else _last_run(instance)
        stale = run_plan.stale_parts(fingerprints, run_plan.outputs_key(paths), last)
        if not stale:
            return NothingNew(last.run_id)
        defs = build_defs(
            {"paths": DataPathsResource.of(paths), "warehouse": WarehouseResource(path=str(paths.warehouse))}
        )
        job = defs.resolve_job_def(JOB_FOR_PARTS[stale]).with_logger_defs({"progress": progress_logger})
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config={"loggers": {"progress": {}}},
            tags={**abandoned_runs.run_tags(), **{PART_TAG + p: f for p, f in fingerprints.items()}},
        )
        if _clean(result):
            instance.add_run_tags(result.run_id, {OUTPUTS_TAG: run_plan.outputs_key(paths)})
        return result
