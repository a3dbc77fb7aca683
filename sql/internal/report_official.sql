-- Official values for the report (the report_official table, rebuilt with the marts when official inputs
-- change): one chart per indicator, country pair (a direction for exports and imports: A's exports to B and
-- B's imports from A are one flow) and unit; one line per reporter, source, scope and frequency.
SELECT * FROM report_official ORDER BY series, line, period_end, period_start, release_id, value;
