-- The marts' copy of official_series (claim_official_of(..., official := 'mart_official_series')): the view
-- derives every official row (corrections, ranks, turnover from exports and imports), which a build after one
-- new article would otherwise do for each mart that reads the claims' official figures.
CREATE OR REPLACE TABLE mart_official_series AS
SELECT * FROM official_series;

-- The report's official rows, stored (report_official: one chart per indicator, country pair, or direction of
-- a flow for exports and imports, and unit; one line per reporter, source, scope and frequency) with both
-- sides' turnover per corridor and period (report_mirror, USD, best-ranked source). They depend on official
-- inputs and reference tables only: rebuilt when those change, so that a report after one new article reads
-- the rows of the series it changed instead of deriving every official row again.
CREATE OR REPLACE TABLE report_official AS
SELECT
    CASE WHEN o.indicator = 'trade.exports' THEN 'Goods ' || o.reporter || ' → ' || o.partner
         WHEN o.indicator = 'trade.imports' THEN 'Goods ' || o.partner || ' → ' || o.reporter
         ELSE i.name_en || ': '
              || CASE WHEN o.partner = 'WLD' THEN o.reporter
                      ELSE least(o.reporter, o.partner) || '–' || greatest(o.reporter, o.partner) END
    END || ' (' || o.unit || ')' AS series,
    CASE WHEN o.partner = 'WLD' THEN o.reporter
         ELSE least(o.reporter, o.partner) || '–' || greatest(o.reporter, o.partner) END AS pair,
    o.unit,
    o.reporter || ' reports'
        || CASE WHEN o.indicator = 'trade.exports' THEN ' exports'
                WHEN o.indicator = 'trade.imports' THEN ' imports (mirror)' ELSE '' END
        || CASE WHEN o.entity IS NOT NULL THEN ' (' || o.entity || ')' ELSE '' END
        || ', ' || o.provider || CASE WHEN o.derivation <> 'stated' THEN ' (' || o.derivation || ')' ELSE '' END
        || CASE WHEN o.frequency <> 'A' THEN ' [' || o.frequency || ']' ELSE '' END AS line,
    o.period_start, o.period_end, o.value, o.qualifier, o.source_class, o.release_id
FROM official_series_latest o
JOIN ref_indicator i ON i.code = o.indicator
WHERE o.unit NOT IN ('percent', 'ratio')
  AND (o.flow IN ('turnover', 'total') OR o.indicator <> 'trade.turnover');

CREATE OR REPLACE TABLE report_mirror AS
SELECT country_a || '–' || country_b AS pair, country_a, country_b, period_start, period_end,
       period_words(period_start, period_end) AS period,
       CASE WHEN turnover_reported_by_a IS NOT NULL
            THEN qualified_words(turnover_reported_by_a, turnover_a_qualifier)
                 || ' (' || replace(turnover_a_source_class, '_', ' ') || ')'
       END AS reported_by_a,
       CASE WHEN turnover_reported_by_b IS NOT NULL
            THEN qualified_words(turnover_reported_by_b, turnover_b_qualifier)
                 || ' (' || replace(turnover_b_source_class, '_', ' ') || ')'
       END AS reported_by_b,
       turnover_gap_pct AS gap_pct
FROM mirror_trade
WHERE turnover_reported_by_a IS NOT NULL OR turnover_reported_by_b IS NOT NULL;
