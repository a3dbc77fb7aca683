-- The columns of a part's outcome files (026/027) with no rows: what bulk_good, bulk_refused and
-- bulk_skipped read when the load wrote no file of that outcome.
SELECT * EXCLUDE (release_id, source_id), NULL::VARCHAR AS check_name, NULL::VARCHAR AS reason,
       NULL::VARCHAR AS record
FROM trade_commodity
WHERE false
