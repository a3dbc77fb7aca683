-- One summary per corridor (pair of countries) for the report: country names and claim counts by verdict
-- (figures stated and values they imply together).
WITH claims AS (
    SELECT array_to_string(countries, '–') AS pair, countries, verdict_latest, derived_from
    FROM claim_verdict
    WHERE len(countries) = 2
)
SELECT
    pair,
    any_value(a.name_en) || ' – ' || any_value(b.name_en) AS title,
    count(*) AS claims,
    count(*) FILTER (WHERE derived_from IS NOT NULL) AS implied,
    count(*) FILTER (WHERE verdict_latest = 'supported') AS supported,
    count(*) FILTER (WHERE verdict_latest = 'not_contradicted') AS not_contradicted,
    count(*) FILTER (WHERE verdict_latest = 'contradicted') AS contradicted,
    count(*) FILTER (WHERE verdict_latest = 'scope_mismatch') AS scope_mismatch,
    count(*) FILTER (WHERE verdict_latest = 'unverifiable' OR verdict_latest IS NULL) AS unverifiable
FROM claims c
LEFT JOIN ref_country a ON a.iso3 = c.countries[1]
LEFT JOIN ref_country b ON b.iso3 = c.countries[2]
GROUP BY pair
ORDER BY pair;
