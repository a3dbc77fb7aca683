"""The Corridor code location: every asset, check, job and schedule in one Definitions."""

from __future__ import annotations

import dagster as dg

from pipelines import config
from pipelines.defs.articles import article_claims, article_corpus, article_inbox
from pipelines.defs.bulk import warehouse_trade_commodity
from pipelines.defs.checking import build_claim_checks
from pipelines.defs.official import build_official_asset, official_asset_name
from pipelines.defs.reference import reference_data
from pipelines.defs.warehouse import (build_official_load, official_load_name, warehouse_articles,
                                       warehouse_reference)
from pipelines.defs.automation import (MAIN_JOB, articles_job, articles_schedule, inbox_sensor, main_job, official_job,
                                  official_schedule)
from pipelines.official import list_providers
from pipelines.defs.resources import WarehouseResource

PROVIDERS = list_providers(config.official_dir())
official_assets = [build_official_asset(p) for p in PROVIDERS]

official_loads = [build_official_load(p, official_asset_name(p)) for p in PROVIDERS]
claim_checks_asset = build_claim_checks([official_load_name(p) for p in PROVIDERS])

all_assets = [reference_data, article_inbox, article_corpus, article_claims, *official_assets, warehouse_reference,
              warehouse_articles, *official_loads, warehouse_trade_commodity, claim_checks_asset]


defs = dg.Definitions(
    assets=all_assets,
    jobs=[main_job, official_job, articles_job],
    schedules=[official_schedule, articles_schedule],
    sensors=[inbox_sensor],
    resources={
        "warehouse": WarehouseResource(),
        "io_manager": dg.FilesystemIOManager(base_dir=str(config.dagster_home() / "storage")),
    },
)
