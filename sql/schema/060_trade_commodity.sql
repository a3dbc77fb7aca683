-- Official trade values at commodity grain (HS codes), from bulk files such as UN Comtrade's.
-- Tens of millions of rows: they live in Parquet parts beside the DuckDB file
-- (<warehouse>.parts/trade_commodity/<part>/good/*.parquet, one part per loaded bulk file, never
-- rewritten), so a load writes only the small DuckDB file, never them. `trade_commodity` is a view
-- over the parts registered here, rebuilt in the same transaction that registers a part
-- (pipelines/warehouse.py, sql/internal/parts/): readers see a part once its load commits.
-- Columns of the view (and its empty shape): sql/internal/parts/trade_commodity.sql.
CREATE TABLE IF NOT EXISTS fact_part (
    fact VARCHAR NOT NULL,             -- the view the part belongs to: trade_commodity
    part VARCHAR NOT NULL,             -- its folder under <warehouse>.parts/<fact>/
    release_id VARCHAR NOT NULL,       -- every row of a part is of one release and source
    source_id VARCHAR NOT NULL,
    n_rows BIGINT NOT NULL,
    PRIMARY KEY (fact, part)
);
