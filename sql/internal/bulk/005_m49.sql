-- The M49 codes of countries.csv and m49_overrides.csv (code, iso3, action) for the pass (010), and
-- iso_id: a small integer per ISO3 (one per country, whatever its codes), what the staged rows carry
-- instead of the text (cheaper to store; 011 turns it back into ISO3). Parameters: $iso3, $action
-- (lists indexed by code, pipelines.official.bulk).
CREATE TABLE bulk_m49 AS
SELECT *, (CASE WHEN iso3 IS NOT NULL THEN dense_rank() OVER (ORDER BY iso3) END)::SMALLINT AS iso_id
FROM (SELECT unnest(range(1000))::INTEGER AS code, unnest($iso3) AS iso3, unnest($action) AS action)
WHERE action IS NOT NULL
