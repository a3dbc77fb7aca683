-- With the claims to derive again known (mart_todo): the claimants whose claimant_record rows change with
-- them (mart_claimants): the ones those claims counted for at the last build and the ones they count for now.
-- And the claim rows of the claims to derive (mart_claim): the marts read them, and their scope and keys
-- (claim_scope_of, claim_key_of), from it, a scan of claim once rather than in every mart's every join.
CREATE OR REPLACE TEMP TABLE mart_claimants AS
WITH touched AS (
    SELECT outlet, speaker FROM mart_claim_input WHERE claim_id IN (SELECT claim_id FROM mart_todo)
    UNION ALL
    SELECT outlet, speaker FROM mart_claim_now WHERE claim_id IN (SELECT claim_id FROM mart_todo)
)
SELECT 'outlet' AS claimant_kind, outlet AS claimant FROM touched WHERE outlet IS NOT NULL
UNION
SELECT 'speaker', speaker FROM touched WHERE speaker IS NOT NULL;

CREATE OR REPLACE TEMP TABLE mart_claim AS
SELECT * FROM claim WHERE claim_id IN (SELECT claim_id FROM mart_todo);
