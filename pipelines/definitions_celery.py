"""The Corridor code location with steps on Celery workers (dagster-celery, a Redis broker): the same
assets, article extraction in shards. See ``pipelines.defs.celery`` and deploy/celery/README.md."""

from __future__ import annotations

from pipelines.defs.celery import build_celery_defs

defs = build_celery_defs()

__all__ = ["build_celery_defs", "defs"]
