-- The official inputs did not change: every key's rows are those of the last build.
CREATE OR REPLACE TEMP TABLE mart_official_now AS
SELECT * FROM mart_official_key;
