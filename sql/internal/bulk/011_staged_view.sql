-- The staged rows (bulk_rows, 010) with the fact's columns as the part stores them: ISO3, flow,
-- indicator and status as text, unit and currency. row_id (the staged row) and key_hash (a hash of
-- the key on its compact columns: one ENUM value per ISO3 and x one per flow, so equal keys hash
-- alike) are for the duplicate-key steps (020-026), never written to the part.
CREATE TEMP VIEW bulk_staged AS
SELECT rowid AS row_id,
    hash(reporter, partner, x, commodity, period_start, period_end) AS key_hash,
    CASE WHEN x THEN 'trade.exports' ELSE 'trade.imports' END AS indicator,
    reporter::VARCHAR AS reporter, partner::VARCHAR AS partner,
    CASE WHEN x THEN 'exports' ELSE 'imports' END AS flow,
    commodity, period_start, period_end, frequency, value, 'USD' AS unit, 'USD' AS currency,
    CASE WHEN estimated THEN 'estimated' ELSE 'reported' END AS status,
    check_name, reason, record, outcome
FROM bulk_rows
