-- Official values for the report: one chart per indicator, country pair (a direction for exports and
-- imports: A's exports to B and B's imports from A are one flow) and unit; one line per reporter,
-- source, scope and frequency.
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
  AND (o.flow IN ('turnover', 'total') OR o.indicator <> 'trade.turnover')
ORDER BY series, line, o.period_end;
