-- The part's good rows: the staged good rows (bulk_staged, 011) less those of duplicated keys (025,
-- by their staged row; none in most files), written once. The COPY target
-- (<part>/outcome=good/data_0.parquet) is filled in as a literal.
COPY (
    SELECT g.* EXCLUDE (row_id, key_hash, outcome)
    FROM bulk_staged g
    ANTI JOIN bulk_duplicate_rows d USING (row_id)
    WHERE g.outcome = 'good'
) TO {out} (FORMAT parquet)
