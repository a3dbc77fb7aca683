-- Retire the articles that are no longer in the corpus. Parameter: the registered frame _corridor_current
-- (source_id, path of every article read this run). Their claims move to claim_history; their claims,
-- text, claim-level quarantine rows and source rows leave the live tables.
CREATE OR REPLACE TEMP TABLE _corridor_retired AS
SELECT s.source_id, s.path, s.sha256,
       CASE WHEN s.path IN (SELECT path FROM _corridor_current) THEN 'edited' ELSE 'removed' END AS retired_because
FROM source s
WHERE s.kind = 'article' AND s.source_id NOT IN (SELECT source_id FROM _corridor_current);

INSERT INTO claim_history
SELECT c.claim_id, c.source_id, r.path, r.sha256, c.indicator, c.measure, c.value, c.unit, c.qualifier,
       c.period_start, c.period_end, c.countries, c.entity, c.quote, c.derived_from, c.extractor_version,
       r.retired_because, now()
FROM claim c JOIN _corridor_retired r USING (source_id);

DELETE FROM claim WHERE source_id IN (SELECT source_id FROM _corridor_retired);
DELETE FROM article_text WHERE source_id IN (SELECT source_id FROM _corridor_retired);
DELETE FROM quarantine WHERE dataset = 'claim' AND source_id IN (SELECT source_id FROM _corridor_retired);
DELETE FROM source WHERE source_id IN (SELECT source_id FROM _corridor_retired);
