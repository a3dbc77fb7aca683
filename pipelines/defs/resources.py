"""Dagster resources: where the data lives (``DataPathsResource``) and the warehouse file
(``WarehouseResource``), configurable per run and per deployment and replaced by fakes in tests.

Resources hand plain values (``DataPaths``, a ``Path``) to plain code; no pipeline logic goes here.
"""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from pipelines.config import ENV_DAGSTER_HOME, ENV_DATA, ENV_REPORTS, ENV_WAREHOUSE, DataPaths


def _env_or_default(name: str):
    """An ``EnvVar`` (resolved when a run starts) where the variable is set, else "" for the default."""
    return dg.EnvVar(name) if os.environ.get(name) else ""


class DataPathsResource(dg.ConfigurableResource):
    """The data, reports and Dagster home folders and the warehouse file. An empty field is read from the
    environment when the run starts (CORRIDOR_DATA, ...), else takes the project's default (data/,
    reports/, .dagster_home/)."""

    data: str = ""
    warehouse: str = ""
    reports: str = ""
    dagster_home: str = ""

    @classmethod
    def from_env(cls) -> DataPathsResource:
        """Fields bound to CORRIDOR_DATA, CORRIDOR_WAREHOUSE, CORRIDOR_REPORTS and DAGSTER_HOME where set."""
        return cls(
            data=_env_or_default(ENV_DATA),
            warehouse=_env_or_default(ENV_WAREHOUSE),
            reports=_env_or_default(ENV_REPORTS),
            dagster_home=_env_or_default(ENV_DAGSTER_HOME),
        )

    @classmethod
    def of(cls, paths: DataPaths) -> DataPathsResource:
        return cls(
            data=str(paths.data),
            warehouse=str(paths.warehouse),
            reports=str(paths.reports),
            dagster_home=str(paths.dagster_home),
        )

    def paths(self) -> DataPaths:
        given = {
            ENV_DATA: self.data,
            ENV_WAREHOUSE: self.warehouse,
            ENV_REPORTS: self.reports,
            ENV_DAGSTER_HOME: self.dagster_home,
        }
        return DataPaths.from_env({**os.environ, **{k: v for k, v in given.items() if v}})


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file. Empty path: CORRIDOR_WAREHOUSE when the run starts, else
    warehouse.duckdb in the data folder."""

    path: str = ""

    @classmethod
    def from_env(cls) -> WarehouseResource:
        """Bound to CORRIDOR_WAREHOUSE where set."""
        return cls(path=_env_or_default(ENV_WAREHOUSE))

    def resolved_path(self) -> Path:
        return Path(self.path).resolve() if self.path else DataPaths.from_env().warehouse
