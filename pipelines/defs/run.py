"""`corridor run` on the Dagster side: the main job executed in process on one ``DataPaths``, after
abandoned runs are reclaimed. Printing the summary belongs to the CLI, not here."""

from __future__ import annotations

from collections.abc import Callable

import dagster as dg

from pipelines.config import DataPaths
from pipelines.defs import abandoned_runs
from pipelines.defs.automation import MAIN_JOB
from pipelines.defs.build import build_defs
from pipelines.defs.progress import progress_logger
from pipelines.defs.resources import DataPathsResource, WarehouseResource


def run_main_job(paths: DataPaths, on_reclaimed: Callable[[str], None]) -> dg.ExecuteInProcessResult:
    """Every asset once, in process, with the Dagster instance of ``paths.dagster_home``."""
    defs = build_defs({"paths": DataPathsResource.of(paths), "warehouse": WarehouseResource(path=str(paths.warehouse))})
    job = defs.resolve_job_def(MAIN_JOB).with_logger_defs({"progress": progress_logger})
    with dg.DagsterInstance.from_config(str(paths.dagster_home)) as instance:
        for run_id in abandoned_runs.reclaim(instance):
            on_reclaimed(run_id)
        return job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config={"loggers": {"progress": {}}},
            tags=abandoned_runs.run_tags(),
        )
