-- Claims for the report, with their latest verdict, grouped into the same series as the official data.
SELECT
    i.name_en || ': ' || array_to_string(v.countries, '–') AS series,
    s.title AS article, v.measure, v.value, c.value_low, c.value_high, v.qualifier,
    v.period_start, v.period_end, v.entity, v.derived_from,
    v.verdict_latest, v.reason_latest, v.as_of, v.quote
FROM claim_verdict v
JOIN claim c USING (claim_id)
JOIN source s ON s.source_id = v.source_id
JOIN ref_indicator i ON i.code = v.indicator
WHERE v.period_end IS NOT NULL AND len(v.countries) IN (1, 2)
ORDER BY series, v.period_end, v.measure;
