-- "Record" claims against the official history: is the official value of the claimed period the
-- highest of every earlier period of the same length, in each reporter's series (latest data)?
CREATE OR REPLACE TABLE record_check AS
WITH records AS (
    SELECT * FROM claim WHERE record AND measure = 'level' AND period_start IS NOT NULL AND len(countries) IN (1, 2)
),
history AS (
    SELECT r.claim_id, r.period_start AS claim_period_start, o.reporter, o.provider, o.period_start, o.value
    FROM records r
    JOIN official_series_latest o
      ON o.indicator = r.indicator
     AND CASE WHEN len(r.countries) = 2 THEN list_sort([o.reporter, o.partner]) = r.countries
              ELSE o.reporter = r.countries[1] AND o.partner = 'WLD' END
     AND o.entity IS NOT DISTINCT FROM r.entity
     AND strftime(o.period_start, '%m-%d') = strftime(r.period_start, '%m-%d')
     AND strftime(o.period_end, '%m-%d') = strftime(r.period_end, '%m-%d')
     AND o.period_start <= r.period_start
    QUALIFY row_number() OVER (PARTITION BY r.claim_id, o.reporter, o.period_start
                               ORDER BY o.derivation = 'stated' DESC, o.published_at DESC NULLS LAST, o.release_id DESC) = 1
),
per_side AS (
    SELECT
        claim_id, reporter,
        string_agg(DISTINCT provider, ', ' ORDER BY provider) AS providers,
        max(value) FILTER (WHERE period_start = claim_period_start) AS value_in_period,
        max(value) FILTER (WHERE period_start < claim_period_start) AS highest_before,
        arg_max(year(period_start), (value, period_start)) FILTER (WHERE period_start < claim_period_start) AS highest_before_year,
        min(year(period_start)) AS history_from,
        count(*) FILTER (WHERE period_start < claim_period_start) AS earlier_periods
    FROM history
    GROUP BY claim_id, reporter
)
SELECT
    r.claim_id, p.reporter, p.providers, p.value_in_period, p.highest_before, p.highest_before_year,
    p.earlier_periods,
    CASE
        WHEN p.reporter IS NULL OR p.value_in_period IS NULL THEN 'unverifiable'
        WHEN p.earlier_periods = 0 THEN 'unverifiable'
        WHEN p.value_in_period > p.highest_before THEN 'record_confirmed'
        ELSE 'not_a_record'
    END AS verdict,
    CASE
        WHEN p.reporter IS NULL THEN 'no official series to compare the record with'
        WHEN p.value_in_period IS NULL THEN format('{} has no official figure for the claimed period', p.reporter)
        WHEN p.earlier_periods = 0 THEN format('{} has no earlier periods on file to compare with', p.reporter)
        WHEN p.value_in_period > p.highest_before THEN format(
            '{}: {} is above every earlier period on file since {} (previous high {} in {})', p.reporter,
            figure_words(p.value_in_period), p.history_from, figure_words(p.highest_before), p.highest_before_year)
        ELSE format('{}: {} is not a record: {} was higher ({})', p.reporter, figure_words(p.value_in_period),
                    p.highest_before_year, figure_words(p.highest_before))
    END AS reason
FROM records r
LEFT JOIN per_side p USING (claim_id);
