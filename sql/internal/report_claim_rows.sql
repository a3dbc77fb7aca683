-- The claims of the series $series, whose pages the report renders again. The report sorts them itself
-- (report_claims.sql's order).
SELECT * FROM report_claim
WHERE series IN (SELECT unnest($series::VARCHAR[]));
