-- The seed article's figures and their verdicts when said and now, with the source each rests on
-- (the README's table).
SELECT indicator, measure, value, qualifier, period_start, derived_from IS NOT NULL AS implied,
       verdict_at_publication AS when_said, verdict_latest AS now, source_latest AS source
FROM claim_verdict ORDER BY indicator, implied, period_start, measure;
