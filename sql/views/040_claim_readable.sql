-- Claims as a reader sees them: the article, the figure, its bounds and the quote.
CREATE OR REPLACE VIEW claim_readable AS
SELECT
    c.claim_id,
    s.title AS article,
    s.published_date,
    c.indicator,
    c.measure,
    c.value,
    c.value_low,
    c.value_high,
    c.unit,
    c.qualifier,
    c.record,
    c.period_start,
    c.period_end,
    c.base_period_start,
    c.base_period_end,
    array_to_string(c.countries, '-') AS countries,
    c.entity,
    c.quote
FROM claim c
JOIN source s USING (source_id)
WHERE c.derived_from IS NULL;
