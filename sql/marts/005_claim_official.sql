-- Every official figure (all releases) of a claim's series (its keys: the claim_key view), with the
-- side it speaks for. A table, built first: the marts after it read it (official_series, read once here,
-- is a view of views).
-- Every mart file is a query over the claims to derive, the temp table mart_todo (every claim on a full
-- build; see pipelines/checking/marts.py): its rows are those claims' rows of the mart named by the file.
WITH official AS MATERIALIZED (SELECT * FROM official_series),
keys AS (  -- an equi-join, not a scan
    SELECT * FROM claim_key WHERE claim_id IN (SELECT claim_id FROM mart_todo)
)
SELECT k.claim_id, k.side_role, o.*
FROM keys k
JOIN claim_scope c USING (claim_id)
JOIN official o ON o.indicator = k.indicator AND o.reporter = k.reporter AND o.partner = k.partner
WHERE c.period_start IS NOT NULL
