-- The figures of every article, in the order they stand in the text.
SELECT article, indicator, measure, value, qualifier, period_start, period_end, countries, entity
FROM claim_readable
ORDER BY article, period_start, indicator, measure;
