-- bulk_m49 (005's codes) with iso3 as the ENUM type bulk_iso3 of the scratch database: the staged
-- rows (010) carry ISO3 as its small integer (no string copied per row, cheap to store and to hash);
-- the part's Parquet files store it as its text, read back as VARCHAR.
CREATE TYPE bulk_iso3 AS ENUM (SELECT DISTINCT iso3 FROM bulk_m49_text WHERE iso3 IS NOT NULL ORDER BY iso3);
CREATE TABLE bulk_m49 AS
SELECT code, iso3::bulk_iso3 AS iso3, action FROM bulk_m49_text;
-- the part's other text columns of few values, as ENUMs too (011): Parquet stores an ENUM as the same
-- UTF-8 text, read back as VARCHAR, but DuckDB writes its dictionary without hashing each row's string
CREATE TYPE bulk_indicator AS ENUM ('trade.exports', 'trade.imports');
CREATE TYPE bulk_flow AS ENUM ('exports', 'imports');
CREATE TYPE bulk_status AS ENUM ('reported', 'estimated');
CREATE TYPE bulk_usd AS ENUM ('USD')
