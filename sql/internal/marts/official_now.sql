-- Every official key's rows now (see mart_official_key), when the official inputs changed.
CREATE OR REPLACE TEMP TABLE mart_official_now AS
SELECT indicator, reporter, partner, count(*) AS rows, sum(hash(o)::HUGEINT) AS content
FROM mart_official_series o
GROUP BY ALL;
