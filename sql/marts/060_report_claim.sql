-- Each claim as the report shows it (sql/internal/report_claims.sql reads it in the report's order): its
-- series (indicator, pair or direction of a flow, unit), its pair, the figure and its bounds in words and
-- its verdicts. Stored, so that a report after one new article reads these rows instead of wording and
-- joining every claim again; re-derived with the claim's verdict (a claim's row depends on its claim,
-- verdict and source rows, and on ref_indicator, whose content is part of the marts' code fingerprint).
SELECT
    v.claim_id,
    CASE WHEN c.exporter IS NOT NULL AND c.importer IS NOT NULL AND v.indicator IN ('trade.exports', 'trade.imports')
         THEN 'Goods ' || c.exporter || ' → ' || c.importer
         ELSE i.name_en || ': ' || array_to_string(v.countries, '–') END
    || ' (' || v.unit || ')' AS series,
    array_to_string(v.countries, '–') AS pair,
    v.unit,
    s.title AS article, s.publisher, s.published_date, v.measure, v.value, c.value_low, c.value_high, v.qualifier,
    qualified_words(v.value, v.qualifier) || CASE v.measure WHEN 'change_pct' THEN '%' WHEN 'ratio' THEN ' times'
                                                            ELSE ' ' || v.unit END AS claim_words,
    figure_words(coalesce(c.value_low, figure_low(v.value, v.qualifier))) || ' .. '
        || figure_words(coalesce(c.value_high, figure_high(v.value, v.qualifier))) AS claim_bounds,
    v.period_start, v.period_end, v.period_end_checked, v.year_to_date, v.entity, v.derived_from,
    v.verdict_latest, v.reason_latest, v.source_latest, v.verdict_at_publication, v.as_of, v.quote
FROM mart_new_claim_verdict v  -- this build's claim_verdict rows: those of the claims to derive
JOIN mart_claim c USING (claim_id)
JOIN source s ON s.source_id = v.source_id
JOIN ref_indicator i ON i.code = v.indicator
WHERE v.period_end IS NOT NULL AND len(v.countries) IN (1, 2)
