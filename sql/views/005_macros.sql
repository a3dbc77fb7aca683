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

-- A figure as words for verdict reasons: 3.2 bn, 573 thousand, 13.6.
CREATE OR REPLACE MACRO figure_words(v) AS
    CASE WHEN v IS NULL THEN 'n/a'
         WHEN isinf(v) THEN CASE WHEN v > 0 THEN '∞' ELSE '-∞' END
         WHEN abs(v) >= 1e9 THEN printf('%.3g bn', v / 1e9)
         WHEN abs(v) >= 1e6 THEN printf('%.3g mn', v / 1e6)
         WHEN abs(v) >= 1e4 THEN printf('%.4g thousand', v / 1e3)
         ELSE printf('%.4g', v) END;
