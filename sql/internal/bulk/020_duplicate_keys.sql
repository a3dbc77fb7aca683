-- Keys that more than one otherwise valid row carries: which figure is right cannot be told, so
-- every row of such a key is refused (bulk_key_unique). Candidates by key hash (one integer to
-- group), confirmed on the key columns themselves.
CREATE OR REPLACE TEMP TABLE bulk_duplicate_key AS
WITH candidate AS (
    SELECT k FROM bulk_stage WHERE check_name IS NULL AND NOT skip GROUP BY k HAVING count(*) > 1
)
SELECT k, reporter, partner, f_code, cmd, period_start, period_end, count(*) AS n
FROM bulk_stage
WHERE check_name IS NULL AND NOT skip AND k IN (SELECT k FROM candidate)
GROUP BY ALL
HAVING count(*) > 1;
