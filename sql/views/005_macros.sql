-- Reading a rounded figure as an interval.
-- Half a unit of the last non-zero digit: 3 200 000 000 stated "about" is 3.15e9 .. 3.25e9.
CREATE OR REPLACE MACRO rounding_half_step(v) AS
    CASE WHEN v IS NULL OR v = 0 OR v <> round(v) THEN 0.0
         ELSE 0.5 * pow(10, length(CAST(CAST(abs(v) AS HUGEINT) AS VARCHAR))
                            - length(rtrim(CAST(CAST(abs(v) AS HUGEINT) AS VARCHAR), '0')))
    END;

-- The interval an official value stands for, by its qualifier (open sides are infinite).
CREATE OR REPLACE MACRO figure_low(v, q) AS
    CASE q WHEN 'exact' THEN v
           WHEN 'about' THEN v - rounding_half_step(v)
           WHEN 'more_than' THEN v
           ELSE CAST('-infinity' AS DOUBLE) END;

CREATE OR REPLACE MACRO figure_high(v, q) AS
    CASE q WHEN 'exact' THEN v
           WHEN 'about' THEN v + rounding_half_step(v)
           WHEN 'less_than' THEN v
           WHEN 'up_to' THEN v
           ELSE CAST('infinity' AS DOUBLE) END;

-- A figure as words for verdict reasons, to six significant digits so that two bounds never print
-- alike: 3.2 bn, 26.05 bn .. 26.15 bn, 573 thousand, 13.6.
CREATE OR REPLACE MACRO figure_words(v) AS
    CASE WHEN v IS NULL THEN 'n/a'
         WHEN isinf(v) THEN CASE WHEN v > 0 THEN '∞' ELSE '-∞' END
         WHEN abs(v) >= 1e9 THEN printf('%.6g bn', v / 1e9)
         WHEN abs(v) >= 1e6 THEN printf('%.6g mn', v / 1e6)
         WHEN abs(v) >= 1e4 THEN printf('%.6g thousand', v / 1e3)
         ELSE printf('%.4g', v) END;

-- An official figure with its qualifier, as a reader would say it: "more than 3 bn", "about 3.2 bn".
CREATE OR REPLACE MACRO qualified_words(v, q) AS
    CASE q WHEN 'more_than' THEN 'more than ' WHEN 'less_than' THEN 'less than ' WHEN 'up_to' THEN 'up to '
           WHEN 'about' THEN 'about ' ELSE '' END || figure_words(v);

-- Sources by strength of evidence: a statistics office's table, then an official's statement, then a
-- press report of one (data/reference/providers.csv, column source_class); unknown classes last.
CREATE OR REPLACE MACRO source_rank(cls) AS
    CASE cls WHEN 'statistics_office' THEN 1 WHEN 'official_statement' THEN 2 WHEN 'press_report' THEN 3 ELSE 4 END;

-- The last day a release can have come out, by the precision of its date: a source that gives only
-- "2025" (stored as 2025-01-01, precision year) is certainly out only after 31 December 2025.
CREATE OR REPLACE MACRO published_by(d, precision) AS
    CASE precision WHEN 'year' THEN make_date(year(d), 12, 31) WHEN 'month' THEN last_day(d) ELSE d END;

-- A release date as precisely as it is known: 2025, 2025-02 or 2025-02-10.
CREATE OR REPLACE MACRO published_words(d, precision) AS
    CASE WHEN d IS NULL THEN 'date unknown'
         WHEN precision = 'year' THEN strftime(d, '%Y')
         WHEN precision = 'month' THEN strftime(d, '%Y-%m')
         ELSE strftime(d, '%Y-%m-%d') END;

-- A period as words: 2024, Jan–Oct 2025, 2025-01-01 to 2025-11-25.
CREATE OR REPLACE MACRO period_words(s, e) AS
    CASE WHEN s = make_date(year(s), 1, 1) AND e = make_date(year(s), 12, 31) THEN strftime(s, '%Y')
         WHEN day(s) = 1 AND e = last_day(e) AND year(s) = year(e) AND month(s) = month(e) THEN strftime(s, '%b %Y')
         WHEN day(s) = 1 AND e = last_day(e) AND year(s) = year(e)
              THEN strftime(s, '%b') || '–' || strftime(e, '%b %Y')
         ELSE strftime(s, '%Y-%m-%d') || ' to ' || strftime(e, '%Y-%m-%d') END;
