-- Official trade values at commodity grain (HS codes), from bulk files such as UN Comtrade's.
-- A separate fact table: `observation` and its views keep the totals; tens of millions of rows
-- here never pass through them. No key constraint (bulk inserts stay fast): key uniqueness within
-- a release is checked by the bulk ingest (pipelines/official/bulk.py) before the insert.
CREATE TABLE IF NOT EXISTS trade_commodity (
    indicator VARCHAR NOT NULL,        -- trade.exports | trade.imports
    reporter VARCHAR NOT NULL,         -- ISO 3166 alpha-3
    partner VARCHAR NOT NULL,          -- ISO 3166 alpha-3, WLD for all partners
    flow VARCHAR NOT NULL,             -- exports | imports
    commodity VARCHAR NOT NULL,        -- HS code as text (leading zeros kept), or TOTAL
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    frequency VARCHAR NOT NULL,        -- A | M
    value DOUBLE NOT NULL,             -- US dollars
    unit VARCHAR NOT NULL,
    currency VARCHAR,
    status VARCHAR NOT NULL,           -- reported | estimated
    release_id VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL
);
