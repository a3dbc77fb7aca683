-- The claims a corridor page lists (pipelines/checking/report.py, _corridor_claims): of each pair in $pairs,
-- its $n latest by the article's date (ties in the report's order), with pair_claims, how many report rows
-- the pair has in all. A corpus of 10,000 articles has thousands per pair: the page lists the latest and
-- says where the rest are. The claims are chosen on their keys first, then only those rows are read whole.
WITH listed AS (
    SELECT claim_id, count(*) OVER (PARTITION BY pair) AS pair_claims
    FROM report_claim
    WHERE pair IN (SELECT unnest($pairs::VARCHAR[]))
    QUALIFY row_number() OVER (
        PARTITION BY pair
        ORDER BY published_date DESC NULLS LAST, series, period_end NULLS LAST, measure, claim_id
    ) <= $n
)
SELECT r.*, l.pair_claims
FROM report_claim r
JOIN listed l USING (claim_id)
ORDER BY r.pair, r.published_date DESC NULLS LAST, r.series, r.period_end NULLS LAST, r.measure, r.claim_id;
