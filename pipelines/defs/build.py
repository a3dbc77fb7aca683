"""The Corridor code location assembled: every asset, check, job, schedule and sensor, with the
resources they use, in one ``build_defs``. Asset logic does not go here: only the wiring.

The code location calls ``build_defs()`` with no arguments (paths from the environment); tests call it
with ``resource_overrides`` pointing at a temporary folder.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import dagster as dg

from pipelines.config import DataPaths
from pipelines.defs.articles import article_claims, article_corpus, article_inbox
from pipelines.defs.automation import (
    articles_job,
    articles_schedule,
    inbox_sensor,
    main_job,
    official_job,
    official_schedule,
)
from pipelines.defs.bulk import warehouse_trade_commodity
from pipelines.defs.checking import build_claim_checks
from pipelines.defs.official import build_official_asset, official_asset_name
from pipelines.defs.reference import reference_data
from pipelines.defs.resources import DataPathsResource, WarehouseResource
from pipelines.defs.warehouse import build_official_load, official_load_name, warehouse_articles, warehouse_reference
from pipelines.reference import provider_ids


def build_assets(providers: list[str]) -> list[dg.AssetsDefinition]:
    """Every asset: one official asset and one load per provider of data/reference/providers.csv."""
    official_assets = [build_official_asset(p) for p in providers]
    official_loads = [build_official_load(p, official_asset_name(p)) for p in providers]
    claim_checks = build_claim_checks([official_load_name(p) for p in providers])
    return [
        reference_data,
        article_inbox,
        article_corpus,
        article_claims,
        *official_assets,
        warehouse_reference,
        warehouse_articles,
        *official_loads,
        warehouse_trade_commodity,
        claim_checks,
    ]


def build_defs(resource_overrides: Mapping[str, object] | None = None, reference: Path | None = None) -> dg.Definitions:
    """The Definitions; ``resource_overrides`` replace the resources of the same key ("paths",
    "warehouse", "io_manager"); providers come from ``reference``/providers.csv (default: the paths
    resource's reference folder, else the environment's)."""
    overrides = dict(resource_overrides or {})
    paths = overrides["paths"].paths() if "paths" in overrides else DataPaths.from_env()
    resources = {
        "paths": DataPathsResource.from_env(),
        "warehouse": WarehouseResource.from_env(),
        "io_manager": dg.FilesystemIOManager(base_dir=str(paths.dagster_storage)),
        **overrides,
    }
    return dg.Definitions(
        assets=build_assets(provider_ids(reference or paths.reference)),
        jobs=[main_job, official_job, articles_job],
        schedules=[official_schedule, articles_schedule],
        sensors=[inbox_sensor],
        resources=resources,
    )
