-- Bookkeeping, not data: each table's row count and content hash as the last load left it, written in
-- the load's own transaction. A warehouse whose tables no longer match (changed behind the loads' back)
-- is not trusted: the next load rebuilds it from the inputs instead of skipping work (pipelines/integrity.py).
CREATE TABLE IF NOT EXISTS table_state (
    table_name VARCHAR PRIMARY KEY,
    row_count BIGINT NOT NULL,
    content_hash VARCHAR NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
