-- Rows of the latest loaded release per provider/dataset: the baseline of the row-count band check.
-- A compilation (one file holding many releases, one per cited document: the manual CSV form) is not
-- a vintage of one table, so its releases have no baseline.
WITH compilation AS (
    SELECT DISTINCT r.provider, r.dataset
    FROM release r JOIN source s USING (source_id)
    GROUP BY r.provider, r.dataset, s.sha256
    HAVING count(DISTINCT r.release_id) > 1
)
SELECT r.provider || '/' || r.dataset AS dataset_key, count(o.release_id) AS n_rows
FROM release r
LEFT JOIN observation o USING (release_id)
ANTI JOIN compilation c ON c.provider = r.provider AND c.dataset = r.dataset
GROUP BY r.release_id, r.provider, r.dataset, r.published_at, r.retrieved_at
QUALIFY row_number() OVER (
    PARTITION BY r.provider, r.dataset
    ORDER BY r.published_at DESC NULLS LAST, r.retrieved_at DESC NULLS LAST, r.release_id DESC
) = 1;
