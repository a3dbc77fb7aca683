-- The run summary's view of the claims: how many per indicator and measure.
SELECT indicator, measure, count(*) AS claims, count(DISTINCT source_id) AS articles
FROM claim
GROUP BY indicator, measure
ORDER BY indicator, measure;
