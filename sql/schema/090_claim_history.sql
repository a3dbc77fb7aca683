-- Claims of articles that are no longer in the corpus (the file was removed, or edited into new content):
-- kept as history, out of `claim` and so out of the marts. One row per retired claim and retirement.
CREATE TABLE IF NOT EXISTS claim_history (
    claim_id VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL,
    path VARCHAR,                      -- the article's path under data/ when it was retired
    sha256 VARCHAR,                    -- the retired content's hash
    indicator VARCHAR NOT NULL,
    measure VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    unit VARCHAR NOT NULL,
    qualifier VARCHAR NOT NULL,
    period_start DATE,
    period_end DATE,
    countries VARCHAR[],
    entity VARCHAR,
    quote VARCHAR NOT NULL,
    derived_from VARCHAR,
    extractor_version VARCHAR,
    retired_because VARCHAR NOT NULL,  -- edited (the path now holds other content) | removed
    retired_at TIMESTAMPTZ NOT NULL
);
