-- Both sides' turnover per corridor and period for the report's corridor pages (USD, best-ranked source; the
-- report_mirror table, rebuilt with the marts when official inputs change).
SELECT * EXCLUDE (period_start, period_end) FROM report_mirror ORDER BY pair, period_start DESC, period_end DESC;
