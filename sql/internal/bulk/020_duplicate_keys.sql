-- Keys that more than one good row carries: which figure is right cannot be told, so every row of
-- such a key is refused (bulk_key_unique). Candidates by key hash (one integer to group), confirmed
-- on the key columns themselves. Reads the part's good rows (temp view bulk_good).
CREATE OR REPLACE TEMP TABLE bulk_duplicate_key AS
WITH candidate AS (
    SELECT hash(reporter, partner, flow, commodity, period_start, period_end) AS k
    FROM bulk_good
    GROUP BY k
    HAVING count(*) > 1
)
SELECT reporter, partner, flow, commodity, period_start, period_end, count(*) AS n
FROM bulk_good
WHERE hash(reporter, partner, flow, commodity, period_start, period_end) IN (SELECT k FROM candidate)
GROUP BY ALL
HAVING count(*) > 1
