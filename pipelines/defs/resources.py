"""Dagster resources: the warehouse location, configurable per run and per deployment."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines import config


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file. Empty path: CORRIDOR_WAREHOUSE, else data/warehouse.duckdb."""

    path: str = ""

    def resolved_path(self) -> Path:
        return Path(self.path).resolve() if self.path else config.warehouse_path()
