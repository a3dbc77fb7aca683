-- Who said what, and how it held up: per outlet (the article's publisher) and per speaker (when the
-- extractor names one), the claims stated (implied values left out), how many could be checked on the
-- latest data (supported, not contradicted or contradicted), and an example of each outcome.
-- Keyed by claimant, not claim: the rows of the claimants in the temp table mart_claimants (those of the
-- claims derived), read from claim_verdict once the claims' rows are in it.
WITH stated AS (
    SELECT v.*, coalesce(s.publisher, 'publisher not given') AS outlet
    FROM claim_verdict v
    JOIN source s USING (source_id)
    WHERE v.derived_from IS NULL
),
per_claimant AS (  -- only the claimants to derive (mart_claimants)
    SELECT * FROM (
        SELECT 'outlet' AS claimant_kind, outlet AS claimant, * FROM stated
        UNION ALL BY NAME
        SELECT 'speaker' AS claimant_kind, speaker AS claimant, * FROM stated WHERE speaker IS NOT NULL
    ) SEMI JOIN mart_claimants USING (claimant_kind, claimant)
),
counted AS (  -- each example is the claimant's first claim (by id) of its outcome, worded after counting
    SELECT
        claimant_kind,
        claimant,
        count(DISTINCT source_id) AS articles,
        count(*) AS claims,
        count(*) FILTER (WHERE verdict_latest IN ('supported', 'not_contradicted', 'contradicted')) AS checked,
        count(*) FILTER (WHERE verdict_latest = 'supported') AS supported,
        count(*) FILTER (WHERE verdict_latest = 'not_contradicted') AS not_contradicted,
        count(*) FILTER (WHERE verdict_latest = 'contradicted') AS contradicted,
        count(*) FILTER (WHERE verdict_latest = 'scope_mismatch') AS scope_mismatch,
        count(*) FILTER (WHERE verdict_latest = 'unverifiable') AS unverifiable,
        min(claim_id) FILTER (WHERE verdict_latest = 'supported') AS supported_claim,
        min(claim_id) FILTER (WHERE verdict_latest = 'contradicted') AS contradicted_claim
    FROM per_claimant
    GROUP BY claimant_kind, claimant
),
example AS (
    SELECT v.claim_id, format('"{}" ({}): {}', v.quote, s.title, v.reason_latest) AS words
    FROM claim_verdict v
    JOIN source s USING (source_id)
    WHERE v.claim_id IN (SELECT supported_claim FROM counted UNION ALL SELECT contradicted_claim FROM counted)
)
SELECT
    c.* EXCLUDE (supported_claim, contradicted_claim),
    round(c.supported / nullif(c.checked, 0), 3) AS supported_share,
    s.words AS supported_example,
    x.words AS contradicted_example
FROM counted c
LEFT JOIN example s ON s.claim_id = c.supported_claim
LEFT JOIN example x ON x.claim_id = c.contradicted_claim
ORDER BY claimant_kind, claims DESC, claimant
