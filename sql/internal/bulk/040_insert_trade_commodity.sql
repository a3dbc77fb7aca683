-- The good rows of the staged file into the commodity-grain fact table.
-- Parameters: $release_id, $source_id.
INSERT INTO trade_commodity
SELECT CASE f_code WHEN 'X' THEN 'trade.exports' ELSE 'trade.imports' END AS indicator,
       reporter, partner,
       CASE f_code WHEN 'X' THEN 'exports' ELSE 'imports' END AS flow,
       cmd AS commodity, period_start, period_end, freq AS frequency, value,
       'USD' AS unit, 'USD' AS currency,
       CASE WHEN estimated THEN 'estimated' ELSE 'reported' END AS status,
       $release_id AS release_id, $source_id AS source_id
FROM bulk_stage
WHERE check_name IS NULL AND NOT skip
