-- One part's branch of the trade_commodity view (its files, release and source filled in as literals).
SELECT indicator, reporter, partner, flow, commodity, period_start, period_end, frequency, value, unit, currency,
       status, {release_id} AS release_id, {source_id} AS source_id
FROM read_parquet({files}, hive_partitioning = false)
