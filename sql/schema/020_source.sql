-- One row per input document or file, keyed by the hash of its bytes.
CREATE TABLE IF NOT EXISTS source (
    source_id VARCHAR PRIMARY KEY,     -- article:<sha16> | official:<provider>:<sha16>
    kind VARCHAR NOT NULL CHECK (kind IN ('article', 'official')),
    provider VARCHAR,
    publisher VARCHAR,
    title VARCHAR,
    url VARCHAR,
    language VARCHAR,
    published_date DATE,
    retrieved_date DATE,
    licence VARCHAR,
    sha256 VARCHAR NOT NULL,
    path VARCHAR,
    n_bytes BIGINT
);

-- The normalized text of each article: claim offsets point into it.
CREATE TABLE IF NOT EXISTS article_text (
    source_id VARCHAR PRIMARY KEY,
    text VARCHAR NOT NULL,
    extractor_version VARCHAR          -- the engine version its claims came from
);

-- One row per official release (vintage) of a dataset.
CREATE TABLE IF NOT EXISTS release (
    release_id VARCHAR PRIMARY KEY,
    source_id VARCHAR NOT NULL,
    provider VARCHAR NOT NULL,
    dataset VARCHAR NOT NULL,
    published_at DATE,
    retrieved_at DATE,
    coverage_start DATE,
    coverage_end DATE,
    published_precision VARCHAR        -- day | month | year: how much of published_at the source gave
);                                     -- ("2025" is stored as 2025-01-01 with precision year)
ALTER TABLE release ADD COLUMN IF NOT EXISTS published_precision VARCHAR;
