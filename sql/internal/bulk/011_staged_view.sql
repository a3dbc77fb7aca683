-- The staged rows (bulk_rows, 010) with the fact's columns as the part stores them: ISO3 back from
-- iso_id, flow, indicator and status as text, unit and currency. row_id (the staged row) and key_hash
-- (a hash of the key on its compact columns: iso_id is one per ISO3 and x one per flow, so equal keys
-- hash alike) are for the duplicate-key steps (020-026), never written to the part.
CREATE TEMP VIEW bulk_staged AS
SELECT s.rowid AS row_id,
    hash(s.r_id, s.p_id, s.x, s.commodity, s.period_start, s.period_end) AS key_hash,
    CASE WHEN s.x THEN 'trade.exports' ELSE 'trade.imports' END AS indicator,
    r.iso3 AS reporter, p.iso3 AS partner,
    CASE WHEN s.x THEN 'exports' ELSE 'imports' END AS flow,
    s.commodity, s.period_start, s.period_end, s.frequency, s.value, 'USD' AS unit, 'USD' AS currency,
    CASE WHEN s.estimated THEN 'estimated' ELSE 'reported' END AS status,
    s.check_name, s.reason, s.record, s.outcome
FROM bulk_rows s
LEFT JOIN (SELECT DISTINCT iso_id, iso3 FROM bulk_m49 WHERE iso_id IS NOT NULL) r ON r.iso_id = s.r_id
LEFT JOIN (SELECT DISTINCT iso_id, iso3 FROM bulk_m49 WHERE iso_id IS NOT NULL) p ON p.iso_id = s.p_id
