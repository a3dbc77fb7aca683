-- Russia–Kyrgyzstan trade as each side reports it, with the gap between the two.
SELECT reporter, partner, period_start, period_end, exports_usd, imports_usd,
       coalesce(turnover_usd, stated_turnover_usd) AS turnover_usd, stated_turnover_qualifier, providers
FROM bilateral_trade
WHERE (reporter = 'KGZ' AND partner = 'RUS') OR (reporter = 'RUS' AND partner = 'KGZ')
ORDER BY period_start, reporter;
