-- Mirror statistics: for each pair of countries and period, what each side reports (latest release),
-- and the gap between them. A's exports to B are mirrored by B's imports from A, and the two sides'
-- turnover should agree; they rarely do (CIF/FOB valuation, re-exports, timing, confidentiality).
CREATE OR REPLACE VIEW mirror_trade AS
WITH latest AS (  -- each provider's latest release of each figure
    SELECT *
    FROM official_series
    WHERE indicator LIKE 'trade.%' AND entity IS NULL AND partner <> 'WLD' AND unit = 'USD'
    QUALIFY row_number() OVER (
        PARTITION BY indicator, reporter, partner, flow, period_start, period_end, derivation, provider
        ORDER BY published_at DESC NULLS LAST, retrieved_at DESC NULLS LAST, release_id DESC
    ) = 1
),
best AS (  -- one figure per reporter, partner, period and flow: the best-ranked source (a statistics
           -- office's table, then an official's statement, then a press report), stated before derived
    SELECT *
    FROM latest
    QUALIFY row_number() OVER (
        PARTITION BY reporter, partner, flow, period_start, period_end
        ORDER BY source_rank, derivation = 'stated' DESC, published_at DESC NULLS LAST, release_id
    ) = 1
),
pairs AS (
    SELECT DISTINCT least(reporter, partner) AS country_a, greatest(reporter, partner) AS country_b,
           period_start, period_end
    FROM best
)
SELECT
    p.country_a, p.country_b, p.period_start, p.period_end,
    ta.value AS turnover_reported_by_a,
    tb.value AS turnover_reported_by_b,
    tb.value - ta.value AS turnover_gap,
    round(100 * (tb.value - ta.value) / nullif(ta.value, 0), 1) AS turnover_gap_pct,
    xa.value AS a_exports_to_b, mb.value AS b_imports_from_a,
    mb.value - xa.value AS a_to_b_gap,
    xb.value AS b_exports_to_a, ma.value AS a_imports_from_b,
    ma.value - xb.value AS b_to_a_gap,
    concat_ws(', ', ta.provider, tb.provider) AS turnover_providers,
    ta.qualifier AS turnover_a_qualifier, tb.qualifier AS turnover_b_qualifier,
    ta.source_class AS turnover_a_source_class, tb.source_class AS turnover_b_source_class
FROM pairs p
LEFT JOIN best ta ON ta.reporter = p.country_a AND ta.partner = p.country_b AND ta.flow = 'turnover'
    AND ta.period_start = p.period_start AND ta.period_end = p.period_end
LEFT JOIN best tb ON tb.reporter = p.country_b AND tb.partner = p.country_a AND tb.flow = 'turnover'
    AND tb.period_start = p.period_start AND tb.period_end = p.period_end
LEFT JOIN best xa ON xa.reporter = p.country_a AND xa.partner = p.country_b AND xa.flow = 'exports'
    AND xa.period_start = p.period_start AND xa.period_end = p.period_end
LEFT JOIN best mb ON mb.reporter = p.country_b AND mb.partner = p.country_a AND mb.flow = 'imports'
    AND mb.period_start = p.period_start AND mb.period_end = p.period_end
LEFT JOIN best xb ON xb.reporter = p.country_b AND xb.partner = p.country_a AND xb.flow = 'exports'
    AND xb.period_start = p.period_start AND xb.period_end = p.period_end
LEFT JOIN best ma ON ma.reporter = p.country_a AND ma.partner = p.country_b AND ma.flow = 'imports'
    AND ma.period_start = p.period_start AND ma.period_end = p.period_end;
