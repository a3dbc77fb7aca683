-- Rows of the latest loaded release per provider/dataset: the baseline of the row-count band check.
SELECT r.provider || '/' || r.dataset AS dataset_key, count(o.release_id) AS n_rows
FROM release r
LEFT JOIN observation o USING (release_id)
GROUP BY r.release_id, r.provider, r.dataset, r.published_at, r.retrieved_at
QUALIFY row_number() OVER (
    PARTITION BY r.provider, r.dataset
    ORDER BY r.published_at DESC NULLS LAST, r.retrieved_at DESC NULLS LAST, r.release_id DESC
) = 1;
