-- Keys that more than one good row carries: which figure is right cannot be told, so every row of
-- such a key is refused (bulk_key_unique). Found on the staged rows (010/011) before the part is
-- written: the key hashes seen more than once (one integer to group, on the compact columns), then
-- the rows of those hashes (every row of a duplicated key, plus the rare hash collision) kept in
-- bulk_candidate_rows, on which the keys are confirmed on the fact's columns here and their rows
-- taken by 025.
CREATE OR REPLACE TEMP TABLE bulk_candidate_rows AS
SELECT * EXCLUDE (outcome)
FROM bulk_staged
WHERE outcome = 'good' AND key_hash IN (
    SELECT key_hash AS k
    FROM bulk_staged
    WHERE outcome = 'good'
    GROUP BY k
    HAVING count(*) > 1
);
CREATE OR REPLACE TEMP TABLE bulk_duplicate_key AS
SELECT reporter, partner, flow, commodity, period_start, period_end, count(*) AS n
FROM bulk_candidate_rows
GROUP BY ALL
HAVING count(*) > 1
