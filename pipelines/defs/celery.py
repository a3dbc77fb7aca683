"""The Corridor code location for more than one machine (``pipelines.definitions_celery``): the assets,
jobs and resources of ``build_defs``, article extraction split in shards (``article_figures_<i>``), and
every step sent to Celery workers through a Redis broker (dagster-celery). Run and event storage must be
shared by the launcher and the workers: PostgreSQL (deploy/celery/dagster.yaml). Warehouse writes stay
one at a time: the ``duckdb_warehouse`` pool (limit 1 in that dagster.yaml) and the writer's lock.
How to start it: deploy/celery/README.md.

Settings (environment): CORRIDOR_CELERY_BROKER and CORRIDOR_CELERY_BACKEND (redis://host:port/db),
CORRIDOR_ARTICLE_SHARDS (default 4).
"""

from __future__ import annotations

import os

import dagster as dg
from dagster_celery import celery_executor

from pipelines.defs.articles import article_claims, build_sharded_article_claims
from pipelines.defs.build import build_defs

executor = celery_executor.configured(
    {
        "broker": {"env": "CORRIDOR_CELERY_BROKER"},
        "backend": {"env": "CORRIDOR_CELERY_BACKEND"},
    },
    name="corridor_celery",
)


def build_celery_defs(shards: int | None = None) -> dg.Definitions:
    """``build_defs()`` with ``article_claims`` extracted in ``shards`` steps and the Celery executor."""
    shards = shards or int(os.environ.get("CORRIDOR_ARTICLE_SHARDS", "4"))
    single = build_defs()
    return dg.Definitions(
        assets=[a for a in single.assets if a is not article_claims] + build_sharded_article_claims(shards),
        jobs=single.jobs,
        schedules=single.schedules,
        sensors=single.sensors,
        resources=single.resources,
        executor=executor,
    )
