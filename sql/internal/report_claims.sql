-- Claims for the report, with their latest verdict, in the same series as the official data: a level in
-- the chart of its indicator, pair (or direction) and unit; a rate or ratio in the table of its pair.
-- The rows are the report_claim mart (sql/marts/060_report_claim.sql); the report reads them unsorted and
-- sorts them itself in this order (pipelines/checking/report.py, REPORT_CLAIM_ORDER).
SELECT * EXCLUDE (claim_id)
FROM report_claim
ORDER BY series, period_end, measure, claim_id;
