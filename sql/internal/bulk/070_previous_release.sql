-- The latest other release of the same provider/dataset: the baseline of the row-count band.
-- Parameters: $provider, $dataset, $release_id.
SELECT release_id
FROM release
WHERE provider = $provider AND dataset = $dataset AND release_id <> $release_id
ORDER BY published_at DESC NULLS LAST, retrieved_at DESC NULLS LAST, release_id DESC
LIMIT 1
