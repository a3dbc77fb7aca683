-- The claims to derive again (mart_todo): those added, retired or changed (their claim or source row)
-- since the last build, and those matched on an official key whose rows changed (a new release, a
-- correction, a provider's rank). A retired claim's rows are deleted and not derived again (it has none).
-- Then the claimants whose claimant_record rows change with them (mart_claimants): the ones those claims
-- counted for at the last build and the ones they count for now. And the claim rows of the claims to derive
-- (mart_claim): the marts read them, and their scope and keys (claim_scope_of, claim_key_of), from it, a scan
-- of claim once rather than in every mart's every join.
CREATE OR REPLACE TEMP TABLE mart_todo AS
WITH changed_claims AS (  -- one join of the claims now and at the last build (a claim on one side only: added, retired)
    SELECT claim_id
    FROM mart_claim_now n
    FULL JOIN mart_claim_input o USING (claim_id)
    WHERE n.input_hash IS DISTINCT FROM o.input_hash
),
changed_keys AS (
    (SELECT * FROM mart_official_now EXCEPT SELECT * FROM mart_official_key)
    UNION ALL
    (SELECT * FROM mart_official_key EXCEPT SELECT * FROM mart_official_now)
)
SELECT claim_id FROM changed_claims
UNION
SELECT k.claim_id FROM claim_key k SEMI JOIN changed_keys USING (indicator, reporter, partner);

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
