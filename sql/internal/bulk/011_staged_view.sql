-- The staged rows (bulk_rows, 010) with the fact's columns as the part stores them: ISO3, flow,
-- indicator, status, unit and currency as ENUMs of 006 (written to Parquet as their text, and read back
-- as VARCHAR). row_id (the staged row) and key_hash (a hash of the key on its compact columns: one
-- ENUM value per ISO3 and x one per flow, so equal keys hash alike) are for the duplicate-key steps
-- (020-026), never written to the part.
CREATE TEMP VIEW bulk_staged AS
SELECT rowid AS row_id,
    hash(reporter, partner, x, commodity, period_start, period_end) AS key_hash,
    CASE WHEN x THEN 'trade.exports'::bulk_indicator ELSE 'trade.imports'::bulk_indicator END AS indicator,
    reporter, partner,
    CASE WHEN x THEN 'exports'::bulk_flow ELSE 'imports'::bulk_flow END AS flow,
    commodity, period_start, period_end, frequency, value, 'USD'::bulk_usd AS unit, 'USD'::bulk_usd AS currency,
    CASE WHEN estimated THEN 'estimated'::bulk_status ELSE 'reported'::bulk_status END AS status,
    check_name, reason, record, outcome
FROM bulk_rows
