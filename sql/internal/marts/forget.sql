-- Before an incremental build: delete the marts' rows of the claims and claimants to derive again.
DELETE FROM claim_candidate WHERE claim_id IN (SELECT claim_id FROM mart_todo);
DELETE FROM claim_check WHERE claim_id IN (SELECT claim_id FROM mart_todo);
DELETE FROM claim_verdict WHERE claim_id IN (SELECT claim_id FROM mart_todo);
DELETE FROM record_check WHERE claim_id IN (SELECT claim_id FROM mart_todo);
DELETE FROM report_claim WHERE claim_id IN (SELECT claim_id FROM mart_todo);
DELETE FROM claimant_record r USING mart_claimants m
WHERE r.claimant_kind = m.claimant_kind AND r.claimant = m.claimant;
