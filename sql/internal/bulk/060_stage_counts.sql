-- What happened to the staged rows: loaded, skipped (outside the grain) and refused per check.
SELECT CASE WHEN check_name IS NOT NULL THEN check_name WHEN skip THEN 'skipped' ELSE 'good' END AS outcome,
       count(*) AS n
FROM bulk_stage
GROUP BY ALL
ORDER BY outcome
