-- The staged rows of one other outcome into the part's outcome=<outcome>/ folder: refused rows (with
-- the rows of duplicated keys, 025) for quarantine, skipped rows to be counted; both folders are
-- removed once the load is registered. Parameter: $outcome ('refused' or 'skipped'). The COPY target
-- is filled in as a literal.
COPY (
    SELECT * EXCLUDE (row_id, key_hash, outcome) FROM bulk_staged WHERE outcome = $outcome
    UNION ALL BY NAME
    SELECT * EXCLUDE (row_id) FROM bulk_duplicate_rows WHERE $outcome = 'refused'
) TO {out} (FORMAT parquet)
