-- The claims to derive again (mart_todo): those added, retired or changed (their claim or source row)
-- since the last build. A retired claim's rows are deleted and not derived again (it has none). The claims
-- on an official key whose rows changed join them when the official inputs changed (todo_official.sql).
CREATE OR REPLACE TEMP TABLE mart_todo AS
SELECT claim_id  -- one join of the claims now and at the last build (a claim on one side only: added, retired)
FROM mart_claim_now n
FULL JOIN mart_claim_input o USING (claim_id)
WHERE n.input_hash IS DISTINCT FROM o.input_hash;
