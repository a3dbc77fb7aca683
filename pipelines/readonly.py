"""The connection ``corridor query`` runs a user's SQL on: it reads the warehouse and nothing else.

``read_only=True`` alone is not enough: DuckDB can still ATTACH another file read-write, DETACH the
warehouse and ATTACH it again read-write, ``COPY ... TO`` any path, read any file with ``read_csv`` or
``read_text``, and INSTALL or LOAD extensions. DuckDB's own switches close those doors, and
``lock_configuration`` keeps the query from opening them again with ``SET``:

* ``enable_external_access = false``: no file but the warehouse itself (no ATTACH of other files, no
  COPY TO/FROM, no read_* of other paths, no network, no extension installs);
* ``autoload/autoinstall_known_extensions = false``, ``allow_community_extensions = false``;
* ``lock_configuration = true``: no ``SET`` or ``RESET`` afterwards.

The warehouse file can be ATTACHed a second time, but only read-only (DuckDB refuses a read-write
handle on a file this process holds read-only).

Big facts are views over Parquet parts beside the file (``<warehouse>.parts/``), so that one folder is
an allowed directory. Allowed directories can be written too (``COPY ... TO``), so the user's SQL is
also held to reading statements (``SELECT``, ``EXPLAIN``, ``PRAGMA``) before it runs.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines import config, warehouse

LOCKED_CONFIG = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
}
# Set after connecting, in this order: allowed_directories cannot be given to connect(), and nothing can
# be set once the configuration is locked.
READING_STATEMENTS = {"SELECT", "EXPLAIN", "PRAGMA"}


class NoWarehouse(FileNotFoundError):
    """No run has built the warehouse yet."""


def connect_locked(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the live warehouse that cannot write, attach, copy out, read other files,
    load extensions or change its own configuration."""
    path = Path(path or config.warehouse_path())
    if not path.is_file():
        raise NoWarehouse(f"{path}: no warehouse yet; build it with `corridor run`")
    con = warehouse.connect_read_only(path, config=LOCKED_CONFIG)  # waits for a load writing it to commit
    con.execute("SET allowed_directories = ?", [[f"{warehouse.parts_root(path)}/"]])
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


def check_reading(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Refuse SQL with a statement that is not a read (COPY, EXPORT, ATTACH, CREATE, INSERT, SET...)."""
    for statement in con.extract_statements(sql):
        kind = statement.type.name
        if kind not in READING_STATEMENTS:
            raise PermissionError(f"corridor query is read-only: a {kind} statement is not allowed")
