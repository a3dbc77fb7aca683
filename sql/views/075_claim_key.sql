-- The (indicator, reporter, partner) keys of official series each claim matches, with the side each
-- speaks for: a directed claim (A's exports to B) matches A's reported exports to B ('exporter') and
-- B's reported imports from A ('importer', the mirror); any other claim its indicator for its pair of
-- countries (either reporter) or, for one country, that country's figure against all partners.
-- claim_official joins on these keys, and an official release re-derives the claims whose keys it changes.
-- claim_key_of('t'): the keys of the claims in table t (claim's columns), as claim_scope_of.
CREATE OR REPLACE MACRO claim_key_of(claims) AS TABLE
WITH c AS (SELECT * FROM claim_scope_of(claims))
SELECT claim_id, 'trade.exports' AS indicator, exporter AS reporter, importer AS partner, 'exporter' AS side_role
FROM c WHERE directed
UNION ALL
SELECT claim_id, 'trade.imports', importer, exporter, 'importer' FROM c WHERE directed
UNION ALL
SELECT claim_id, indicator, countries[1], countries[2], 'reporter' FROM c
WHERE NOT directed AND len(countries) = 2
UNION ALL
SELECT claim_id, indicator, countries[2], countries[1], 'reporter' FROM c
WHERE NOT directed AND len(countries) = 2
UNION ALL
SELECT claim_id, indicator, countries[1], 'WLD', 'reporter' FROM c
WHERE NOT directed AND len(countries) = 1;

CREATE OR REPLACE VIEW claim_key AS
SELECT * FROM claim_key_of('claim');
