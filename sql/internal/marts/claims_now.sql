-- Every claim's inputs now (see mart_claim_input): its claim row, its source row (published_date reaches
-- claim_scope; publisher and title claimant_record) and the claimants it counts for.
CREATE OR REPLACE TEMP TABLE mart_claim_now AS
SELECT
    c.claim_id,
    hash(c, s) AS input_hash,
    CASE WHEN c.derived_from IS NULL THEN coalesce(s.publisher, 'publisher not given') END AS outlet,
    CASE WHEN c.derived_from IS NULL THEN c.speaker END AS speaker
FROM claim c
LEFT JOIN source s USING (source_id);
