-- The official rows of the series $series, whose sections and charts the report renders again.
SELECT * FROM report_official
WHERE series IN (SELECT unnest($series::VARCHAR[]))
ORDER BY series, line, period_end, period_start, release_id, value;
