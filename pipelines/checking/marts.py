"""Rebuilding the claim-checking marts (sql/marts/*.sql, in file-name order) inside a write transaction."""

from __future__ import annotations

from pipelines import warehouse as wh
from pipelines.fingerprint import CodeDeps, content_fingerprint

MART_TABLES = ["claim_official", "claim_candidate", "claim_check", "claim_verdict", "record_check", "claimant_record"]
# What the marts read (besides the ref_* tables; corrections: errors in official figures recorded by hand),
# and the code and SQL that build them.
MART_INPUTS = ("claim", "observation", "release", "source", "corrections")
MART_CODE = CodeDeps(modules=("pipelines.checking.marts",), sql=("sql/marts", "sql/views"))


def marts_fingerprint(con) -> str:
    """The content of the marts' input tables and the marts' SQL, as one hash: the marts need no
    rebuild while it is the one recorded at their last build."""
    tables = [*MART_INPUTS, *(t for t in wh.base_tables(con) if t.startswith("ref_"))]
    return content_fingerprint(MART_CODE.fingerprint(), wh.content_hashes(con, tables))


def rebuild_marts(con) -> dict[str, int]:
    """Recreate every mart from the current tables; returns rows per mart."""
    for path in wh.sql_files("marts"):
        con.execute(path.read_text(encoding="utf-8"))
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in MART_TABLES}
