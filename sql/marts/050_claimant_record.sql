-- Who said what, and how it held up: per outlet (the article's publisher) and per speaker (when the
-- extractor names one), the claims stated (implied values left out), how many could be checked on the
-- latest data (supported, not contradicted or contradicted), and an example of each outcome.
-- Keyed by claimant, not claim: the rows of the claimants in the temp table mart_claimants (those of the
-- claims derived), read from claim_verdict once the claims' rows are in it.
WITH stated AS (
    SELECT v.*, coalesce(s.publisher, 'publisher not given') AS outlet, s.title AS article
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
)
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
    round(count(*) FILTER (WHERE verdict_latest = 'supported')
          / nullif(count(*) FILTER (WHERE verdict_latest IN ('supported', 'not_contradicted', 'contradicted')), 0), 3)
        AS supported_share,
    arg_min(format('"{}" ({}): {}', quote, article, reason_latest), claim_id)
        FILTER (WHERE verdict_latest = 'supported') AS supported_example,
    arg_min(format('"{}" ({}): {}', quote, article, reason_latest), claim_id)
        FILTER (WHERE verdict_latest = 'contradicted') AS contradicted_example
FROM per_claimant
GROUP BY claimant_kind, claimant
ORDER BY claimant_kind, claims DESC, claimant
