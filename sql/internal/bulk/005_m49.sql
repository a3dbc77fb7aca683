-- The M49 codes of countries.csv and m49_overrides.csv for the pass (010): code, iso3, action.
-- Parameters: $iso3, $action (lists indexed by code, pipelines.official.bulk). 006 types iso3.
CREATE TEMP TABLE bulk_m49_text AS
SELECT * FROM (SELECT unnest(range(1000))::INTEGER AS code, unnest($iso3) AS iso3, unnest($action) AS action)
WHERE action IS NOT NULL
