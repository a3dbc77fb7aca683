-- Known errors in official figures, recorded by a person (data/reference/corrections.csv, loaded in
-- full on every run). A row replaces the value (and qualifier) of every matching official figure, or
-- withdraws it when corrected_value is empty; release_id and provider narrow it to one release or
-- provider. official_series applies them, so every verdict, record check and mirror figure honours them.
CREATE TABLE IF NOT EXISTS corrections (
    indicator VARCHAR NOT NULL,
    reporter VARCHAR NOT NULL,
    partner VARCHAR NOT NULL,
    flow VARCHAR NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    unit VARCHAR NOT NULL,             -- the figure's unit (a rate and a level of one release are two figures)
    entity VARCHAR,                    -- null: the country figure
    provider VARCHAR,                  -- null: whichever provider published it
    release_id VARCHAR,                -- null: every release of it
    corrected_value DOUBLE,            -- null: the figure is withdrawn (not to be used at all)
    corrected_qualifier VARCHAR,       -- null: the published qualifier stands
    reason VARCHAR NOT NULL,           -- what is wrong, in words (shown in every verdict it touches)
    recorded_by VARCHAR NOT NULL,
    recorded_on DATE NOT NULL,
    evidence_url VARCHAR
);
