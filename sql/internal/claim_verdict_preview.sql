-- The claims and their verdicts, as shown in the run summary and the Dagster UI.
SELECT indicator, measure, value, qualifier, period_start, period_end, entity,
       derived_from IS NOT NULL AS implied, verdict_at_publication, verdict_latest, reason_latest
FROM claim_verdict
ORDER BY indicator, implied, period_start, measure;
