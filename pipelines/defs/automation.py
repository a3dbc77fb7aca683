"""Jobs, schedules and the inbox sensor: what runs unattended under the Dagster daemon."""

from __future__ import annotations

import hashlib
import json

import dagster as dg

from pipelines.articles.inbox import inbox_files
from pipelines.defs.resources import DataPathsResource
from pipelines.fingerprint import file_sha256
from pipelines.run_plan import ARTICLES, OFFICIAL, folders_fingerprint

MAIN_JOB, OFFICIAL_JOB, ARTICLES_JOB = "corridor_main", "official_refresh", "articles_refresh"
FINGERPRINT_TAG = "corridor/inputs"

main_job = dg.define_asset_job(
    MAIN_JOB,
    selection=dg.AssetSelection.all(),
    description="Everything: reference data, articles and their claims, official sources, loads, claim checks.",
)

official_job = dg.define_asset_job(
    OFFICIAL_JOB,
    selection=dg.AssetSelection.groups("official").downstream()
    | dg.AssetSelection.groups("reference")
    | dg.AssetSelection.assets("warehouse_reference", "warehouse_trade_commodity"),
    description="Official snapshots, bulk files and reference data re-read, validated and loaded; claims re-checked.",
)

articles_job = dg.define_asset_job(
    ARTICLES_JOB,
    selection=dg.AssetSelection.groups("articles")
    | dg.AssetSelection.assets("reference_data", "warehouse_articles", "claim_checks"),
    description="The inbox ingested and new or changed articles extracted, validated and loaded; claims checked.",
)


def _unchanged_since_last_success(context, job_name: str, fingerprint: str) -> str | None:
    """The id of the last successful run of ``job_name`` on the same inputs, if any."""
    runs = context.instance.get_runs(
        filters=dg.RunsFilter(
            job_name=job_name, statuses=[dg.DagsterRunStatus.SUCCESS], tags={FINGERPRINT_TAG: fingerprint}
        ),
        limit=1,
    )
    return runs[0].run_id if runs else None


def _fingerprinted_schedule(name: str, cron: str, job, part: str, description: str):
    @dg.schedule(
        name=name,
        cron_schedule=cron,
        job=job,
        description=description,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        execution_timezone="UTC",
    )
    def _schedule(context: dg.ScheduleEvaluationContext, paths: DataPathsResource):
        fingerprint = folders_fingerprint(paths.paths(), part)
        previous = _unchanged_since_last_success(context, job.name, fingerprint)
        if previous:
            return dg.SkipReason(f"inputs unchanged since run {previous} (fingerprint {fingerprint})")
        return dg.RunRequest(tags={FINGERPRINT_TAG: fingerprint})

    return _schedule


official_schedule = _fingerprinted_schedule(
    "official_daily",
    "0 6 * * *",
    official_job,
    OFFICIAL,
    "Every day at 06:00 UTC: refresh official sources, unless data/official, data/bulk and data/reference are "
    "unchanged.",
)

articles_schedule = _fingerprinted_schedule(
    "articles_hourly",
    "15 * * * *",
    articles_job,
    ARTICLES,
    "Every hour: process new articles, unless data/articles, data/inbox and data/reference are unchanged.",
)


@dg.sensor(
    job=articles_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="A file dropped into data/inbox/ starts a run that ingests it (once per content).",
)
def inbox_sensor(context: dg.SensorEvaluationContext, paths: DataPathsResource):
    seen = set(json.loads(context.cursor)) if context.cursor else set()
    files = inbox_files(paths.paths().inbox)
    new = {}
    for path in files:
        digest = file_sha256(path)
        if digest not in seen:
            new[digest] = path.name
    if not new:
        return dg.SkipReason(f"{len(files)} file(s) in the inbox, none new")
    key = hashlib.sha256(",".join(sorted(new)).encode()).hexdigest()[:16]
    context.update_cursor(json.dumps(sorted(seen | set(new))))
    return dg.RunRequest(run_key=f"inbox:{key}", tags={"corridor/inbox_files": ", ".join(sorted(new.values()))[:200]})
