-- The fingerprint a load target last wrote (none: never loaded). Parameters: $target.
SELECT fingerprint FROM load_state WHERE target = $target
