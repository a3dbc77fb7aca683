-- The part's good rows less those of duplicated keys, into a new good folder that replaces the first
--. Runs only for a file with duplicated keys.
COPY (
    SELECT g.*
    FROM bulk_good g
    ANTI JOIN bulk_duplicate_key d USING (reporter, partner, flow, commodity, period_start, period_end)
) TO {out} (FORMAT parquet)
