-- Official values, one row per key and release. A new release adds rows; nothing is overwritten.
-- No primary key: uniqueness per (indicator, reporter, partner, flow, period, entity, release) is a
-- Great Expectations check, and bulk inserts stay fast without an index.
CREATE TABLE IF NOT EXISTS observation (
    indicator VARCHAR NOT NULL,
    reporter VARCHAR NOT NULL,
    partner VARCHAR NOT NULL,
    flow VARCHAR NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    frequency VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    unit VARCHAR NOT NULL,
    currency VARCHAR,
    qualifier VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    entity VARCHAR,
    release_id VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL,
    note VARCHAR
);
