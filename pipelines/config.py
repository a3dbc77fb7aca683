"""Where things live: one ``DataPaths`` value, built once (from the environment by ``DataPaths.from_env``,
from flags by the CLI, from a temporary folder by the tests) and handed to the code that needs it.

Plain modules take paths as arguments and never read the environment; this module is the one place
that does. Nothing else belongs here.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = PROJECT_ROOT / "sql"

# The environment variables DataPaths.from_env reads (and DataPaths.env writes for a subprocess).
ENV_DATA, ENV_WAREHOUSE, ENV_REPORTS, ENV_DAGSTER_HOME = (
    "CORRIDOR_DATA",
    "CORRIDOR_WAREHOUSE",
    "CORRIDOR_REPORTS",
    "DAGSTER_HOME",
)


@dataclass(frozen=True)
class DataPaths:
    """Every folder and file the pipeline reads or writes."""

    data: Path
    warehouse: Path
    reports: Path
    dagster_home: Path

    @classmethod
    def under(
        cls,
        data: Path | str | None = None,
        warehouse: Path | str | None = None,
        reports: Path | str | None = None,
        dagster_home: Path | str | None = None,
    ) -> DataPaths:
        """Paths with the project's defaults for what is not given: data/, data/warehouse.duckdb,
        reports/, .dagster_home/."""
        data_path = Path(data or PROJECT_ROOT / "data").resolve()
        return cls(
            data=data_path,
            warehouse=Path(warehouse or data_path / "warehouse.duckdb").resolve(),
            reports=Path(reports or PROJECT_ROOT / "reports").resolve(),
            dagster_home=Path(dagster_home or PROJECT_ROOT / ".dagster_home").resolve(),
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> DataPaths:
        """CORRIDOR_DATA, CORRIDOR_WAREHOUSE, CORRIDOR_REPORTS and DAGSTER_HOME, else the defaults."""
        env = os.environ if environ is None else environ
        return cls.under(env.get(ENV_DATA), env.get(ENV_WAREHOUSE), env.get(ENV_REPORTS), env.get(ENV_DAGSTER_HOME))

    def env(self) -> dict[str, str]:
        """The environment variables that make a subprocess (Dagster's webserver, a test's `corridor run`)
        see these paths."""
        return {
            ENV_DATA: str(self.data),
            ENV_WAREHOUSE: str(self.warehouse),
            ENV_REPORTS: str(self.reports),
            ENV_DAGSTER_HOME: str(self.dagster_home),
        }

    @property
    def articles(self) -> Path:
        return self.data / "articles"

    @property
    def inbox(self) -> Path:
        return self.data / "inbox"

    @property
    def official(self) -> Path:
        return self.data / "official"

    @property
    def bulk(self) -> Path:
        """Bulk official files (one folder per provider, each file with its manifest): data/bulk/."""
        return self.data / "bulk"

    @property
    def reference(self) -> Path:
        return self.data / "reference"

    @property
    def quarantine(self) -> Path:
        """Where refused input files are moved (data/quarantine/articles/ for the inbox)."""
        return self.data / "quarantine"

    @property
    def data_docs(self) -> Path:
        """Great Expectations' Data Docs (git-ignored)."""
        return self.reports / "data_docs"

    @property
    def dagster_storage(self) -> Path:
        return self.dagster_home / "storage"

    def corpus_cache(self, articles: Path | None = None) -> Path:
        """Where the rows of already-read articles of ``articles`` are kept between runs (derived state,
        beside Dagster's own storage; deleting it only makes the next run read every file again)."""
        key = hashlib.sha256(str(Path(articles or self.articles).resolve()).encode()).hexdigest()[:16]
        return self.dagster_storage / "corpus_cache" / f"articles_{key}.parquet"
