-- Both sides' turnover for the corridor pages $pairs, which the report writes again.
SELECT * EXCLUDE (period_start, period_end) FROM report_mirror
WHERE pair IN (SELECT unnest($pairs::VARCHAR[]))
ORDER BY pair, period_start DESC, period_end DESC;
