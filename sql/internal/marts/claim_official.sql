-- Before the marts: the claim_official rows of the claims to derive (the view, for these claims only),
-- read by claim_candidate and record_check and dropped after them (drop_claim_official.sql).
CREATE OR REPLACE TEMP TABLE mart_claim_official AS
SELECT * FROM claim_official_of('mart_todo');
