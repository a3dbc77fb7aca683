-- What happened to the file's rows: loaded, skipped (outside the grain) and refused per check.
SELECT 'good' AS outcome, count(*) AS n FROM bulk_good
UNION ALL
SELECT 'skipped', count(*) FROM bulk_skipped
UNION ALL
SELECT check_name, count(*) FROM bulk_refused GROUP BY check_name
