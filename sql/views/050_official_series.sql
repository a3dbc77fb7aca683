-- Every official value of every release, plus turnover derived as exports + imports where both come
-- from the same reporter, partner, period and release. The basis of claim matching and as-of checks.
CREATE OR REPLACE VIEW official_series AS
SELECT
    o.indicator, o.reporter, o.partner, o.flow, o.period_start, o.period_end, o.frequency,
    o.value, o.unit, o.qualifier, o.status, o.entity, o.release_id, o.source_id, o.note,
    r.provider, r.published_at, r.retrieved_at,
    'stated' AS derivation
FROM observation o
JOIN release r USING (release_id)
UNION ALL
SELECT
    'trade.turnover', e.reporter, e.partner, 'turnover', e.period_start, e.period_end, e.frequency,
    e.value + i.value, e.unit,
    CASE WHEN e.qualifier = 'exact' AND i.qualifier = 'exact' THEN 'exact' ELSE 'about' END,
    CASE WHEN e.status = 'reported' AND i.status = 'reported' THEN 'reported' ELSE 'estimated' END,
    e.entity, e.release_id, e.source_id, 'exports + imports of one release',
    r.provider, r.published_at, r.retrieved_at,
    'exports+imports' AS derivation
FROM observation e
JOIN observation i
  ON i.release_id = e.release_id AND i.reporter = e.reporter AND i.partner = e.partner
 AND i.period_start = e.period_start AND i.period_end = e.period_end AND i.unit = e.unit
 AND i.entity IS NOT DISTINCT FROM e.entity
 AND i.indicator = 'trade.imports' AND i.flow = 'imports'
JOIN release r ON r.release_id = e.release_id
WHERE e.indicator = 'trade.exports' AND e.flow = 'exports';

-- The latest release of every official key (and derivation).
CREATE OR REPLACE VIEW official_series_latest AS
SELECT *
FROM official_series
QUALIFY row_number() OVER (
    PARTITION BY indicator, reporter, partner, flow, period_start, period_end, entity, derivation
    ORDER BY published_at DESC NULLS LAST, retrieved_at DESC NULLS LAST, release_id DESC
) = 1;
