"""Where things live. Every path can be moved by an environment variable, none is hard-wired twice."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = PROJECT_ROOT / "sql"


def data_dir() -> Path:
    return Path(os.environ.get("CORRIDOR_DATA", PROJECT_ROOT / "data")).resolve()


def warehouse_path() -> Path:
    """The DuckDB file: CORRIDOR_WAREHOUSE, else data/warehouse.duckdb."""
    return Path(os.environ.get("CORRIDOR_WAREHOUSE", data_dir() / "warehouse.duckdb")).resolve()


def reference_dir() -> Path:
    return data_dir() / "reference"


def articles_dir() -> Path:
    return data_dir() / "articles"


def official_dir() -> Path:
    return data_dir() / "official"


def bulk_dir() -> Path:
    """Bulk official files (one folder per provider, each file with its manifest): data/bulk/."""
    return data_dir() / "bulk"


def inbox_dir() -> Path:
    return data_dir() / "inbox"


def dagster_home() -> Path:
    """DAGSTER_HOME, else a git-ignored folder inside the project."""
    return Path(os.environ.get("DAGSTER_HOME", PROJECT_ROOT / ".dagster_home")).resolve()


def reports_dir() -> Path:
    return Path(os.environ.get("CORRIDOR_REPORTS", PROJECT_ROOT / "reports")).resolve()


def corpus_cache_path(articles: Path) -> Path:
    """Where the rows of already-read articles of ``articles`` are kept between runs (derived state,
    beside Dagster's own storage; deleting it only makes the next run read every file again)."""
    key = hashlib.sha256(str(Path(articles).resolve()).encode()).hexdigest()[:16]
    return dagster_home() / "storage" / "corpus_cache" / f"articles_{key}.parquet"
