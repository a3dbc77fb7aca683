-- Bookkeeping, not data: per load target (a warehouse asset), the fingerprint of what it last
-- wrote (content + the code and SQL that wrote it), in the same transaction as the rows. A load
-- whose fingerprint is already here has nothing to write, so a no-op run writes no file.
CREATE TABLE IF NOT EXISTS load_state (
    target VARCHAR PRIMARY KEY,
    fingerprint VARCHAR NOT NULL,
    run_id VARCHAR,
    loaded_at TIMESTAMPTZ NOT NULL
);
