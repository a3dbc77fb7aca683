-- One line per claim: its verdict on the data certainly published by the article's date and on the
-- latest data, the source it rests on (and that source's rank: 1 a statistics office's table, 2 an
-- official's statement, 3 a press report of one), which official sides support it, which contradict
-- it, and how the two bases compare ("wrong when said" vs "revised since").
-- Each side (a reporter, in its role: the exporter's side or the importer's mirror) speaks through one
-- figure: in scope, a rate the source states before one Corridor derives, then the best-ranked source,
-- then the longest period (the latest year-to-date figure) and the latest release.
WITH sided AS (
    SELECT
        *,
        CASE verdict WHEN 'supported' THEN 1 WHEN 'not_contradicted' THEN 2 WHEN 'contradicted' THEN 3
                     WHEN 'scope_mismatch' THEN 4 ELSE 5 END AS verdict_rank,
        CASE side_role WHEN 'exporter' THEN reporter || ' exports to ' || partner
                       WHEN 'importer' THEN reporter || ' imports from ' || partner || ', the mirror'
                       ELSE reporter END
            || ' (' || provider || ', ' || replace(source_class, '_', ' ') || ')' AS side
    FROM mart_new_claim_check  -- this build's claim_check rows: those of the claims to derive
),
chosen AS (
    SELECT * FROM sided
    WHERE reporter IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY claim_id, basis, reporter, side_role
        ORDER BY verdict = 'scope_mismatch', verdict = 'unverifiable', rate_source = 'stated' DESC NULLS LAST,
                 source_rank, official_period_end DESC, published_at DESC NULLS LAST, release_id,
                 -- ties within one release (a stated figure and exports+imports of the same value, two
                 -- routes): settled by the figure itself, so every build names the same one
                 derivation NULLS FIRST, official_entity NULLS FIRST, official_indicator, official_period_start, reason
    ) = 1
    UNION ALL BY NAME
    SELECT * FROM sided WHERE reporter IS NULL
),
per_basis AS (
    SELECT
        claim_id, basis,
        arg_min(verdict, (verdict_rank, source_rank, abs(coalesce(relative_difference, 0)), reason)) AS verdict,
        arg_min(reason, (verdict_rank, source_rank, abs(coalesce(relative_difference, 0)), reason)) AS reason,
        arg_min(side, (verdict_rank, source_rank, abs(coalesce(relative_difference, 0)), reason)) AS source,
        arg_min(source_rank, (verdict_rank, source_rank, abs(coalesce(relative_difference, 0)), reason)) AS source_rank,
        arg_min(rate_source, (verdict_rank, source_rank, abs(coalesce(relative_difference, 0)), reason)) AS rate_source,
        string_agg(DISTINCT side, '; ' ORDER BY side) FILTER (WHERE verdict = 'supported') AS matches,
        string_agg(DISTINCT side, '; ' ORDER BY side) FILTER (WHERE verdict = 'not_contradicted')
            AS not_contradicted_by,
        string_agg(DISTINCT side, '; ' ORDER BY side) FILTER (WHERE verdict = 'contradicted') AS differs
    FROM chosen
    GROUP BY claim_id, basis
)
SELECT
    c.claim_id, c.source_id, c.indicator, c.measure, c.value, c.unit, c.qualifier,
    c.period_start, c.period_end, c.countries, c.exporter, c.importer, c.entity, c.speaker, c.derived_from, c.quote,
    s.year_to_date, s.period_end AS period_end_checked,
    l.verdict AS verdict_latest,
    l.reason AS reason_latest,
    l.source AS source_latest,
    l.source_rank AS source_rank_latest,
    l.rate_source AS rate_source_latest,
    l.matches AS matches_latest,
    l.differs AS differs_latest,
    l.not_contradicted_by AS not_contradicted_by_latest,
    p.verdict AS verdict_at_publication,
    p.reason AS reason_at_publication,
    p.source AS source_at_publication,
    CASE
        WHEN l.matches IS NOT NULL AND l.differs IS NOT NULL THEN
            format('matches {}; differs from {}: the sides'' figures disagree (see mirror_trade)', l.matches, l.differs)
        WHEN l.matches IS NOT NULL THEN format('matches {}', l.matches)
        WHEN l.differs IS NOT NULL AND l.not_contradicted_by IS NOT NULL THEN
            format('differs from {}; not contradicted by {}', l.differs, l.not_contradicted_by)
        WHEN l.differs IS NOT NULL THEN format('differs from {}', l.differs)
        WHEN l.not_contradicted_by IS NOT NULL THEN format('not contradicted by {}', l.not_contradicted_by)
    END AS sides,
    CASE
        WHEN p.verdict = l.verdict AND l.verdict = 'supported' THEN 'right when said, still right'
        WHEN p.verdict = l.verdict AND l.verdict = 'contradicted' THEN 'wrong when said'
        WHEN p.verdict = l.verdict THEN l.verdict || ' when said and now'
        WHEN p.verdict = 'unverifiable' THEN 'not checkable when said; ' || l.verdict || ' on data published since'
        WHEN p.verdict = 'supported' AND l.verdict = 'contradicted' THEN 'right when said, revised since'
        WHEN p.verdict = 'contradicted' AND l.verdict = 'supported' THEN 'wrong when said, matches data revised since'
        ELSE p.verdict || ' when said, ' || l.verdict || ' now'
    END AS as_of
FROM mart_claim c
JOIN claim_scope_of('mart_claim') s USING (claim_id)
LEFT JOIN per_basis l ON l.claim_id = c.claim_id AND l.basis = 'latest'
LEFT JOIN per_basis p ON p.claim_id = c.claim_id AND p.basis = 'at_publication'
