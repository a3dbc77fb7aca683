-- Where every official value comes from: provider, release, URL and dates.
SELECT s.kind, r.provider, r.dataset, r.release_id, r.published_at, r.retrieved_at, s.url,
       count(o.value) AS observations
FROM release r
JOIN source s USING (source_id)
LEFT JOIN observation o USING (release_id)
GROUP BY ALL
ORDER BY r.provider, r.published_at;
