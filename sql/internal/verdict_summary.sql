-- Claims per verdict, on the latest data and on the data published by the article's date.
SELECT verdict_latest, verdict_at_publication, count(*) AS claims
FROM claim_verdict
GROUP BY ALL
ORDER BY claims DESC;
