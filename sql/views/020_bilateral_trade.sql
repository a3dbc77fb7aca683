-- Bilateral goods trade per reporter, partner and period, as each side reports it (latest release).
-- Turnover is exports + imports only where both come from the same reporter and release;
-- a turnover stated directly by the reporter is kept as stated_turnover beside it.
CREATE OR REPLACE VIEW bilateral_trade AS
SELECT
    reporter,
    partner,
    period_start,
    period_end,
    min(frequency) AS frequency,
    max(value) FILTER (WHERE flow = 'exports') AS exports_usd,
    max(value) FILTER (WHERE flow = 'imports') AS imports_usd,
    CASE WHEN count(DISTINCT release_id) FILTER (WHERE flow IN ('exports', 'imports')) = 1
          AND count(*) FILTER (WHERE flow = 'exports') = 1
          AND count(*) FILTER (WHERE flow = 'imports') = 1
         THEN max(value) FILTER (WHERE flow = 'exports') + max(value) FILTER (WHERE flow = 'imports')
    END AS turnover_usd,
    max(value) FILTER (WHERE flow = 'turnover') AS stated_turnover_usd,
    min(qualifier) FILTER (WHERE flow = 'turnover') AS stated_turnover_qualifier,
    string_agg(DISTINCT provider, ', ' ORDER BY provider) AS providers,
    string_agg(DISTINCT release_id, ', ' ORDER BY release_id) AS releases
FROM observation_latest
WHERE indicator LIKE 'trade.%' AND currency = 'USD' AND entity IS NULL
GROUP BY reporter, partner, period_start, period_end;
