-- Every official figure (all releases) of a claim's series, with the side it speaks for: a directed
-- claim (A's exports to B) matches A's reported exports to B ('exporter') and B's reported imports
-- from A ('importer', the mirror); any other claim matches its indicator for its pair of countries
-- (either reporter) or, for one country, that country's figure against all partners ('reporter').
-- A table, built first: the marts after it read it (official_series, read once here, is a view of views).
CREATE OR REPLACE TABLE claim_official AS
WITH official AS MATERIALIZED (SELECT * FROM official_series),
keys AS (  -- the (indicator, reporter, partner) keys each claim matches: an equi-join, not a scan
    SELECT claim_id, 'trade.exports' AS indicator, exporter AS reporter, importer AS partner, 'exporter' AS side_role
    FROM claim_scope WHERE directed
    UNION ALL
    SELECT claim_id, 'trade.imports', importer, exporter, 'importer' FROM claim_scope WHERE directed
    UNION ALL
    SELECT claim_id, indicator, countries[1], countries[2], 'reporter' FROM claim_scope
    WHERE NOT directed AND len(countries) = 2
    UNION ALL
    SELECT claim_id, indicator, countries[2], countries[1], 'reporter' FROM claim_scope
    WHERE NOT directed AND len(countries) = 2
    UNION ALL
    SELECT claim_id, indicator, countries[1], 'WLD', 'reporter' FROM claim_scope
    WHERE NOT directed AND len(countries) = 1
)
SELECT k.claim_id, k.side_role, o.*
FROM keys k
JOIN claim_scope c USING (claim_id)
JOIN official o ON o.indicator = k.indicator AND o.reporter = k.reporter AND o.partner = k.partner
WHERE c.period_start IS NOT NULL;
