-- What a corridor page is made of besides its summary row (report_corridors.sql): the series of its claims
-- (their keys stand for its claims) and its report_mirror rows, counted and hashed. A page is written again
-- only when these, its summary or its charts changed.
WITH claimed AS (
    SELECT pair, list(DISTINCT series ORDER BY series) AS series
    FROM report_claim
    GROUP BY pair
),
mirror AS (
    SELECT pair, count(*) AS mirror_rows, sum(hash(m)::HUGEINT)::VARCHAR AS mirror_content
    FROM report_mirror m
    GROUP BY pair
)
SELECT pair, coalesce(series, []) AS series, coalesce(mirror_rows, 0) AS mirror_rows,
       coalesce(mirror_content, '') AS mirror_content
FROM claimed
FULL JOIN mirror USING (pair);
