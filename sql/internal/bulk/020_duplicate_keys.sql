-- Keys that more than one good row carries: which figure is right cannot be told, so every row of
-- such a key is refused (bulk_key_unique). Two scans of the part's good rows (temp view bulk_good):
-- the key hashes seen more than once (one integer to group), then the rows of those hashes (every
-- row of a duplicated key, plus the rare hash collision) kept in bulk_candidate_rows, on which the
-- keys are confirmed on their columns here and their rows taken by 025 without a third scan.
CREATE OR REPLACE TEMP TABLE bulk_candidate_rows AS
SELECT *
FROM bulk_good
WHERE hash(reporter, partner, flow, commodity, period_start, period_end) IN (
    SELECT hash(reporter, partner, flow, commodity, period_start, period_end) AS k
    FROM bulk_good
    GROUP BY k
    HAVING count(*) > 1
);
CREATE OR REPLACE TEMP TABLE bulk_duplicate_key AS
SELECT reporter, partner, flow, commodity, period_start, period_end, count(*) AS n
FROM bulk_candidate_rows
GROUP BY ALL
HAVING count(*) > 1
