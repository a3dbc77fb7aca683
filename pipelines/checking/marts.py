"""Rebuilding the claim-checking marts (sql/marts/*.sql, in file-name order) inside a write transaction."""

from __future__ import annotations

from pipelines import warehouse as wh

MART_TABLES = ["claim_candidate", "claim_check", "claim_verdict", "record_check"]


def rebuild_marts(con) -> dict[str, int]:
    """Recreate every mart from the current tables; returns rows per mart."""
    for path in wh.sql_files("marts"):
        con.execute(path.read_text(encoding="utf-8"))
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in MART_TABLES}
