-- Record what a load target wrote, inside the load's own transaction (one row per target: DuckLake has no
-- key constraint to upsert on, so MERGE keeps it one). Parameters: $target, $fingerprint, $run_id.
MERGE INTO load_state AS s
USING (SELECT $target AS target, $fingerprint AS fingerprint, $run_id AS run_id, now() AS loaded_at) AS n
ON s.target = n.target
WHEN MATCHED THEN UPDATE SET fingerprint = n.fingerprint, run_id = n.run_id, loaded_at = n.loaded_at
WHEN NOT MATCHED THEN INSERT BY NAME
