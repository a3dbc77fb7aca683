"""The Corridor code location for more than one machine: the assets, jobs and resources of
``pipelines.definitions``, article extraction split in shards (``article_figures_<i>``), and every
step sent to Celery workers through a Redis broker (dagster-celery). Run and event storage must be
shared by the launcher and the workers: PostgreSQL (deploy/celery/dagster.yaml). Warehouse writes
stay one at a time: the ``duckdb_warehouse`` pool (limit 1 in that dagster.yaml) and the writer's
lock. How to start it: deploy/celery/README.md.

Settings (environment): CORRIDOR_CELERY_BROKER and CORRIDOR_CELERY_BACKEND (redis://host:port/db),
CORRIDOR_ARTICLE_SHARDS (default 4).
"""

from __future__ import annotations

import os

import dagster as dg
from dagster_celery import celery_executor

from pipelines import definitions as single
from pipelines.assets.articles import article_claims, build_sharded_article_claims

SHARDS = int(os.environ.get("CORRIDOR_ARTICLE_SHARDS", "4"))

executor = celery_executor.configured({
    "broker": {"env": "CORRIDOR_CELERY_BROKER"},
    "backend": {"env": "CORRIDOR_CELERY_BACKEND"},
}, name="corridor_celery")

defs = dg.Definitions(
    assets=[a for a in single.all_assets if a is not article_claims] + build_sharded_article_claims(SHARDS),
    jobs=single.defs.jobs,
    schedules=single.defs.schedules,
    sensors=single.defs.sensors,
    resources=single.defs.resources,
    executor=executor,
)
