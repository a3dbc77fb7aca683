-- The fingerprints of the marts' code and official inputs at the last build (no row: never built).
SELECT code_fingerprint, official_fingerprint FROM mart_state
