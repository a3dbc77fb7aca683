-- Every official value of every release, plus turnover derived as exports + imports where both come
-- from the same reporter, partner and period, and the same release (else the same provider's releases of
-- the same date: exports and imports published as two tables). The basis of claim matching and as-of checks.
-- Each row carries its provider's source class and rank (data/reference/providers.csv), the last day
-- its release can have come out (published_by: a release dated only "2025" counts from 31 December),
-- and any hand-recorded correction (data/reference/corrections.csv): a corrected figure carries the
-- corrected value (value_as_published keeps the original), a withdrawn one is left out.
CREATE OR REPLACE VIEW official_series AS
WITH corrected AS (
    SELECT
        o.indicator, o.reporter, o.partner, o.flow, o.period_start, o.period_end, o.frequency,
        coalesce(k.corrected_value, o.value) AS value, o.unit,
        coalesce(k.corrected_qualifier, o.qualifier) AS qualifier,
        o.status, o.entity, o.release_id, o.source_id, o.note,
        r.provider, r.published_at, r.retrieved_at,
        coalesce(r.published_precision, 'day') AS published_precision,
        published_by(r.published_at, coalesce(r.published_precision, 'day')) AS published_by,
        coalesce(p.source_class, 'unclassified') AS source_class,
        source_rank(p.source_class) AS source_rank,
        o.value AS value_as_published,
        k.reason AS correction,
        k.reason IS NOT NULL AND k.corrected_value IS NULL AS withdrawn
    FROM observation o
    JOIN release r USING (release_id)
    LEFT JOIN ref_provider p ON p.provider = r.provider
    LEFT JOIN corrections k
      ON k.indicator = o.indicator AND k.reporter = o.reporter AND k.partner = o.partner AND k.flow = o.flow
     AND k.period_start = o.period_start AND k.period_end = o.period_end AND k.unit = o.unit
     AND k.entity IS NOT DISTINCT FROM o.entity
     AND (k.release_id IS NULL OR k.release_id = o.release_id)
     AND (k.provider IS NULL OR k.provider = r.provider)
    QUALIFY row_number() OVER (  -- a correction for this release beats one for every release
        PARTITION BY o.indicator, o.reporter, o.partner, o.flow, o.period_start, o.period_end, o.entity, o.unit,
                     o.release_id
        ORDER BY k.release_id NULLS LAST, k.provider NULLS LAST, k.recorded_on DESC
    ) = 1
),
kept AS (
    SELECT * EXCLUDE (withdrawn) FROM corrected WHERE NOT withdrawn
)
SELECT *, 'stated' AS derivation FROM kept
UNION ALL
SELECT
    'trade.turnover', e.reporter, e.partner, 'turnover', e.period_start, e.period_end, e.frequency,
    e.value + i.value, e.unit,
    CASE WHEN e.qualifier = 'exact' AND i.qualifier = 'exact' THEN 'exact' ELSE 'about' END,
    CASE WHEN e.status = 'reported' AND i.status = 'reported' THEN 'reported' ELSE 'estimated' END,
    e.entity, e.release_id, e.source_id,
    CASE WHEN i.release_id = e.release_id THEN 'exports + imports of one release'
         ELSE 'exports + imports of one provider''s tables of the same date (' || i.release_id || ')' END,
    e.provider, e.published_at, e.retrieved_at, e.published_precision, e.published_by, e.source_class,
    e.source_rank, e.value_as_published + i.value_as_published,
    nullif(concat_ws('; ', e.correction, i.correction), ''),
    'exports+imports' AS derivation
FROM kept e
JOIN kept i  -- the same release, else the same provider's release of the same date (a statistics office
             -- often publishes exports and imports as two tables)
  ON (i.release_id = e.release_id
      OR (i.provider = e.provider AND i.published_at = e.published_at
          AND i.published_precision = e.published_precision))
 AND i.reporter = e.reporter AND i.partner = e.partner
 AND i.period_start = e.period_start AND i.period_end = e.period_end AND i.unit = e.unit
 AND i.entity IS NOT DISTINCT FROM e.entity
 AND i.indicator = 'trade.imports' AND i.flow = 'imports'
WHERE e.indicator = 'trade.exports' AND e.flow = 'exports'
QUALIFY row_number() OVER (
    PARTITION BY e.reporter, e.partner, e.period_start, e.period_end, e.unit, e.entity, e.release_id
    ORDER BY i.release_id = e.release_id DESC, i.release_id
) = 1;

-- The latest release of every official key (and derivation), per provider.
CREATE OR REPLACE VIEW official_series_latest AS
SELECT *
FROM official_series
QUALIFY row_number() OVER (
    PARTITION BY indicator, reporter, partner, flow, period_start, period_end, entity, derivation, provider, unit
    ORDER BY published_at DESC NULLS LAST, retrieved_at DESC NULLS LAST, release_id DESC
) = 1;
