-- bulk_m49 (005's codes) with iso3 as the ENUM type bulk_iso3 of the scratch database: the staged
-- rows (010) carry ISO3 as its small integer (no string copied per row, cheap to store and to hash);
-- 011 casts it back to text.
CREATE TYPE bulk_iso3 AS ENUM (SELECT DISTINCT iso3 FROM bulk_m49_text WHERE iso3 IS NOT NULL ORDER BY iso3);
CREATE TABLE bulk_m49 AS
SELECT code, iso3::bulk_iso3 AS iso3, action FROM bulk_m49_text
