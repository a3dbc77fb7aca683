-- The (indicator, reporter, partner) keys of official series each claim matches, with the side each
-- speaks for: a directed claim (A's exports to B) matches A's reported exports to B ('exporter') and
-- B's reported imports from A ('importer', the mirror); any other claim its indicator for its pair of
-- countries (either reporter) or, for one country, that country's figure against all partners.
-- claim_official joins on these keys, and an official release re-derives the claims whose keys it changes.
CREATE OR REPLACE VIEW claim_key AS
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
WHERE NOT directed AND len(countries) = 1;
