-- Both sides' turnover per corridor and period for the report's corridor pages (USD, best-ranked source).
SELECT country_a || '–' || country_b AS pair, country_a, country_b,
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
WHERE turnover_reported_by_a IS NOT NULL OR turnover_reported_by_b IS NOT NULL
ORDER BY pair, period_start DESC, period_end DESC;
