-- Official values for the report: one line per indicator, country pair, reporter, source and scope.
SELECT
    i.name_en || ': ' || CASE WHEN o.partner = 'WLD' THEN o.reporter
                              ELSE least(o.reporter, o.partner) || '–' || greatest(o.reporter, o.partner) END AS series,
    o.reporter || ' reports' || CASE WHEN o.entity IS NOT NULL THEN ' (' || o.entity || ')' ELSE '' END
        || ', ' || o.provider || CASE WHEN o.derivation <> 'stated' THEN ' (' || o.derivation || ')' ELSE '' END
        || CASE WHEN o.frequency <> 'A' THEN ' [' || o.frequency || ']' ELSE '' END AS line,
    o.period_start, o.period_end, o.value, o.qualifier, o.release_id
FROM official_series_latest o
JOIN ref_indicator i ON i.code = o.indicator
WHERE o.flow IN ('turnover', 'total') OR o.indicator <> 'trade.turnover'
ORDER BY series, line, o.period_end;
