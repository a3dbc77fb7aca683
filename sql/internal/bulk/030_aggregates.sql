-- Per (reporter, year, flow): rows and value sum of this load beside the previous release of the
-- same dataset (full join, so a group the new release lost shows with 0 rows). Small: the GX suite
-- runs on this. Parameters: $previous_release (NULL when there is none).
WITH cur AS (
    SELECT reporter, year(period_start) AS year, flow,
           count(*) AS n_rows, sum(value) AS value_sum, min(value) AS value_min,
           min(period_start) AS first_start, max(period_end) AS last_end
    FROM bulk_good
    GROUP BY ALL
), prev AS (
    SELECT reporter, year(period_start) AS year, flow, count(*) AS n_previous
    FROM trade_commodity
    WHERE release_id = $previous_release
    GROUP BY ALL
)
SELECT coalesce(cur.reporter, prev.reporter) AS reporter, coalesce(cur.year, prev.year) AS year,
       coalesce(cur.flow, prev.flow) AS flow, coalesce(cur.n_rows, 0) AS n_rows,
       coalesce(cur.value_sum, 0) AS value_sum, cur.value_min, cur.first_start, cur.last_end, prev.n_previous,
       CASE WHEN prev.n_previous > 0 THEN coalesce(cur.n_rows, 0) / prev.n_previous END AS rows_vs_previous
FROM cur FULL JOIN prev USING (reporter, year, flow)
ORDER BY reporter, year, flow
