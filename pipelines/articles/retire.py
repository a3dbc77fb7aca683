"""Articles that left the corpus: their claims move to ``claim_history`` and out of the live tables.

An article is known by its content (``source_id`` = hash of its bytes). An edited file is new content
under an old path, a removed file is content no longer read: in both cases the old source's claims,
text and claim quarantine rows leave ``claim``/``article_text``/``quarantine``/``source`` (so the
marts never check them again), and its claims are kept in ``claim_history`` with why and when.
"""

from __future__ import annotations

import polars as pl

from pipelines import warehouse

RETIRE_WRITES = ("claim_history", "claim", "article_text", "quarantine", "source")  # retire_articles.sql's


def retire_articles(con, current: pl.DataFrame) -> dict[str, int]:
    """Inside the articles load: retire every article source not in ``current`` (source_id, path of the
    articles read now). Returns {"claims_retired": n, "articles_retired": m}."""
    con.register("_corridor_current", current.select("source_id", "path").to_arrow())
    try:
        con.execute(warehouse.sql_text("internal/retire_articles.sql"))
        n_art = con.execute("SELECT count(*) FROM _corridor_retired").fetchall()[0][0]
        if n_art:  # with no article retired the script changed nothing: the tables keep their record
            warehouse.mark_written(con, *RETIRE_WRITES)
        n_claims = con.execute(
            "SELECT count(*) FROM claim_history h JOIN _corridor_retired r USING (source_id) WHERE h.retired_at = now()"
        ).fetchall()[0][0]
        con.execute("DROP TABLE _corridor_retired")
    finally:
        con.unregister("_corridor_current")
    return {"articles_retired": n_art, "claims_retired": n_claims}
