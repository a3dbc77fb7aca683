-- The official series on file: one row per provider, indicator, reporter, partner and flow, with the
-- first and last period, how many values and releases, and the grain (`total` in observation, or
-- `commodity` rows of bulk files in trade_commodity). It reads what the loads wrote, so it stays true
-- as providers, offices' tables and bulk files are added.
WITH series AS (
    SELECT r.provider, o.indicator, o.reporter, o.partner, o.flow, o.frequency, o.period_start,
           o.period_end, o.release_id, 'total' AS grain
    FROM observation o
    JOIN release r USING (release_id)
    UNION ALL
    SELECT r.provider, t.indicator, t.reporter, t.partner, t.flow, t.frequency, t.period_start,
           t.period_end, t.release_id, 'commodity' AS grain
    FROM trade_commodity t
    JOIN release r USING (release_id)
)
SELECT provider, indicator, reporter, partner, flow, grain,
       min(period_start) AS first_period_start,
       max(period_end) AS last_period_end,
       count(*) AS n_values,
       count(DISTINCT release_id) AS releases,
       string_agg(DISTINCT frequency, ',' ORDER BY frequency) AS frequencies
FROM series
GROUP BY ALL
ORDER BY provider, indicator, reporter, partner, flow, grain;
