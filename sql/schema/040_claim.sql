-- Figures stated in articles, with their bounds, scope and the quote they stand in.
CREATE TABLE IF NOT EXISTS claim (
    claim_id VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL,
    indicator VARCHAR NOT NULL,
    measure VARCHAR NOT NULL,          -- level | change_pct | ratio
    value DOUBLE NOT NULL,
    value_low DOUBLE,
    value_high DOUBLE,
    unit VARCHAR NOT NULL,
    qualifier VARCHAR NOT NULL,        -- exact | more_than | less_than | about | up_to
    record BOOLEAN NOT NULL,
    period_start DATE,
    period_end DATE,
    base_period_start DATE,
    base_period_end DATE,
    countries VARCHAR[],
    entity VARCHAR,
    quote VARCHAR NOT NULL,
    quote_start BIGINT NOT NULL,
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    derived_from VARCHAR,
    extractor_version VARCHAR,
    exporter VARCHAR,                  -- ISO3 of the exporting country when the text fixes the direction, else null
    importer VARCHAR,                  -- ISO3 of the importing country (null for turnover and undirected figures)
    speaker VARCHAR                    -- who stated the figure, when the extractor names them
);
-- Warehouses built before these columns existed get them (at the end, where the model has them).
ALTER TABLE claim ADD COLUMN IF NOT EXISTS exporter VARCHAR;
ALTER TABLE claim ADD COLUMN IF NOT EXISTS importer VARCHAR;
ALTER TABLE claim ADD COLUMN IF NOT EXISTS speaker VARCHAR;
