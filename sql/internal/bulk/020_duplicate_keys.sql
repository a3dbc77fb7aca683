-- Keys that more than one good row carries: which figure is right cannot be told, so every row of
-- such a key is refused (bulk_key_unique). Found on the staged rows (010/011) before the part is
-- written: each good row's key hash (one integer, on the compact columns) computed once into
-- bulk_good_keys (grouping and filtering the view hashed every row twice, ~0.35 s more at 10M rows),
-- the hashes seen more than once, then the rows of those hashes (every row of a duplicated key, plus
-- the rare hash collision) kept in bulk_candidate_rows, on which the keys are confirmed on the fact's
-- columns here and their rows taken by 025.
CREATE OR REPLACE TEMP TABLE bulk_good_keys AS
SELECT row_id, key_hash FROM bulk_staged WHERE outcome = 'good';
CREATE OR REPLACE TEMP TABLE bulk_candidate_rows AS
SELECT * EXCLUDE (outcome)
FROM bulk_staged
WHERE row_id IN (
    SELECT row_id
    FROM bulk_good_keys
    SEMI JOIN (SELECT key_hash FROM bulk_good_keys GROUP BY key_hash HAVING count(*) > 1) USING (key_hash)
);
DROP TABLE bulk_good_keys;
CREATE OR REPLACE TEMP TABLE bulk_duplicate_key AS
SELECT reporter, partner, flow, commodity, period_start, period_end, count(*) AS n
FROM bulk_candidate_rows
GROUP BY ALL
HAVING count(*) > 1
