-- The latest release's value for every observation key: what an analyst means by "the figure".
CREATE OR REPLACE VIEW observation_latest AS
SELECT o.*, r.published_at AS release_published_at, r.provider
FROM observation o
JOIN release r USING (release_id)
QUALIFY row_number() OVER (
    PARTITION BY o.indicator, o.reporter, o.partner, o.flow, o.period_start, o.period_end,
                 coalesce(o.entity, '')
    ORDER BY r.published_at DESC NULLS LAST, r.retrieved_at DESC NULLS LAST, o.release_id DESC
) = 1;

-- What the official data said on date d: the latest release certainly published on or before d (a release
-- dated only by its year or month counts from the last day of it).
-- Usage: SELECT * FROM observation_as_of(DATE '2025-06-30');
CREATE OR REPLACE MACRO observation_as_of(d) AS TABLE
SELECT o.*, r.published_at AS release_published_at, r.provider
FROM observation o
JOIN release r USING (release_id)
WHERE published_by(r.published_at, coalesce(r.published_precision, 'day')) <= d
QUALIFY row_number() OVER (
    PARTITION BY o.indicator, o.reporter, o.partner, o.flow, o.period_start, o.period_end,
                 coalesce(o.entity, '')
    ORDER BY r.published_at DESC NULLS LAST, r.retrieved_at DESC NULLS LAST, o.release_id DESC
) = 1;
