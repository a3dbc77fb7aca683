-- Record what a load target wrote, inside the load's own transaction. Parameters: $target,
-- $fingerprint, $run_id.
INSERT OR REPLACE INTO load_state VALUES ($target, $fingerprint, $run_id, now())
