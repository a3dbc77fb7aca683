-- What each claim covers, as the checker reads it:
-- * year to date: a calendar-year figure said before the year was over ("В 2025 году этот показатель
--   уже прибавил 17%" on 26 November 2025) covers the year so far, 1 January to the day before the
--   article; its counterpart is an official figure from 1 January to a day before the article.
-- * direction: an exports or imports figure whose text fixes who exports to whom (exporter and
--   importer) is directed; turnover and figures without both roles are not.
-- claim_scope_of('t') gives the scope of the claims in table t (claim's columns): the marts read it for the
-- claims they derive (mart_claim, sql/internal/marts/todo.sql), which a one-article build scans once.
CREATE OR REPLACE MACRO claim_scope_of(claims) AS TABLE
WITH c AS (
    SELECT
        c.*,
        s.published_date,
        s.published_date IS NOT NULL
            AND c.period_start = make_date(year(c.period_start), 1, 1)
            AND c.period_end = make_date(year(c.period_start), 12, 31)
            AND s.published_date > c.period_start AND s.published_date <= c.period_end AS year_to_date
    FROM query_table(claims) c
    JOIN source s USING (source_id)
)
SELECT
    claim_id, source_id, published_date, indicator, measure, unit, countries, entity, exporter, importer,
    year_to_date,
    indicator IN ('trade.exports', 'trade.imports') AND exporter IS NOT NULL AND importer IS NOT NULL
        AND exporter <> importer AS directed,
    period_start,
    CASE WHEN year_to_date THEN (published_date - 1)::DATE ELSE period_end END AS period_end,
    base_period_start, base_period_end,
    coalesce(year(period_start) - year(base_period_start), 1) AS base_offset_years
FROM c;

CREATE OR REPLACE VIEW claim_scope AS
SELECT * FROM claim_scope_of('claim');
