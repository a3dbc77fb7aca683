-- After a build: record what the marts were derived from (the fingerprints go in with their parameters,
-- by save_fingerprints.sql).
DELETE FROM mart_claim_input WHERE claim_id IN (SELECT claim_id FROM mart_todo);
INSERT INTO mart_claim_input SELECT * FROM mart_claim_now WHERE claim_id IN (SELECT claim_id FROM mart_todo);
DELETE FROM mart_official_key;
INSERT INTO mart_official_key SELECT * FROM mart_official_now;
DELETE FROM mart_state;
