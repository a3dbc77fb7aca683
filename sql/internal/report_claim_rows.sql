-- The claims the report renders again: those of the series $series (their sections) or of the pairs $pairs
-- (their corridor pages). The report sorts them itself (report_claims.sql's order).
SELECT * FROM report_claim
WHERE series IN (SELECT unnest($series::VARCHAR[])) OR pair IN (SELECT unnest($pairs::VARCHAR[]));
