-- One line per claim: its verdict on the data published by the article's date and on the latest
-- data, which official side it matches, which it differs from, and how the two bases compare
-- ("wrong when said" vs "revised since").
CREATE OR REPLACE TABLE claim_verdict AS
WITH ranked AS (
    SELECT
        *,
        CASE verdict WHEN 'consistent' THEN 1 WHEN 'inconsistent' THEN 2 WHEN 'scope_mismatch' THEN 3 ELSE 4 END
            AS verdict_rank,
        reporter || ' (' || provider || ')' AS side
    FROM claim_check
),
per_basis AS (
    SELECT
        claim_id, basis,
        arg_min(verdict, verdict_rank) AS verdict,
        arg_min(reason, (verdict_rank, abs(coalesce(relative_difference, 0)), reason)) AS reason,
        string_agg(DISTINCT side, ', ' ORDER BY side) FILTER (WHERE verdict = 'consistent') AS matches,
        string_agg(DISTINCT side, ', ' ORDER BY side) FILTER (WHERE verdict = 'inconsistent') AS differs,
        count(*) FILTER (WHERE verdict <> 'unverifiable' OR reporter IS NOT NULL) AS candidates
    FROM ranked
    GROUP BY claim_id, basis
)
SELECT
    c.claim_id, c.source_id, c.indicator, c.measure, c.value, c.unit, c.qualifier,
    c.period_start, c.period_end, c.countries, c.entity, c.derived_from, c.quote,
    l.verdict AS verdict_latest,
    l.reason AS reason_latest,
    l.matches AS matches_latest,
    l.differs AS differs_latest,
    p.verdict AS verdict_at_publication,
    p.reason AS reason_at_publication,
    CASE
        WHEN l.matches IS NOT NULL AND l.differs IS NOT NULL THEN
            format('matches {}; differs from {}: the sides'' figures disagree (see mirror_trade)', l.matches, l.differs)
        WHEN l.matches IS NOT NULL THEN format('matches {}', l.matches)
        WHEN l.differs IS NOT NULL THEN format('differs from {}', l.differs)
    END AS sides,
    CASE
        WHEN p.verdict = l.verdict AND l.verdict = 'consistent' THEN 'right when said, still right'
        WHEN p.verdict = l.verdict AND l.verdict = 'inconsistent' THEN 'wrong when said'
        WHEN p.verdict = l.verdict THEN l.verdict || ' when said and now'
        WHEN p.verdict = 'unverifiable' THEN 'not checkable when said; ' || l.verdict || ' on data published since'
        WHEN p.verdict = 'consistent' AND l.verdict = 'inconsistent' THEN 'right when said, revised since'
        WHEN p.verdict = 'inconsistent' AND l.verdict = 'consistent' THEN 'wrong when said, matches data revised since'
        ELSE p.verdict || ' when said, ' || l.verdict || ' now'
    END AS as_of
FROM claim c
LEFT JOIN per_basis l ON l.claim_id = c.claim_id AND l.basis = 'latest'
LEFT JOIN per_basis p ON p.claim_id = c.claim_id AND p.basis = 'at_publication';
