-- Every series of the report's tables (report_claim, report_official) with what its section is made of: its
-- claim and official rows, counted and hashed (a sum: a row's place in its series follows from its columns),
-- whether the report charts it (it has claims, or a claim is about its pair) and the pairs its chart is
-- about (its official rows' and level claims'). The report renders again only the series whose rows changed.
WITH claimed AS (
    SELECT series, count(*) AS claim_rows, sum(hash(c)::HUGEINT)::VARCHAR AS claim_content
    FROM report_claim c
    GROUP BY series
),
official AS (
    SELECT series, count(*) AS official_rows, sum(hash(o)::HUGEINT)::VARCHAR AS official_content
    FROM report_official o
    GROUP BY series
),
drawn AS (
    SELECT series, list(DISTINCT pair ORDER BY pair) AS pairs
    FROM (
        SELECT series, pair FROM report_official
        UNION ALL
        SELECT series, pair FROM report_claim WHERE measure = 'level'
    )
    GROUP BY series
)
SELECT
    series,
    coalesce(claim_rows, 0) AS claim_rows,
    coalesce(claim_content, '') AS claim_content,
    coalesce(official_rows, 0) AS official_rows,
    coalesce(official_content, '') AS official_content,
    claim_rows IS NOT NULL
        OR series IN (SELECT series FROM report_official WHERE pair IN (SELECT pair FROM report_claim)) AS charted,
    coalesce(pairs, []) AS pairs
FROM claimed
FULL JOIN official USING (series)
LEFT JOIN drawn USING (series)
ORDER BY series;
