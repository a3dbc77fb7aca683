-- "Record" claims against the official history (latest data, every provider), per side. A record is
-- confirmed only when every earlier period on file is known to be lower: the highest it can be (its
-- figures' upper bounds: "more than 3 bn" has none) is below the lowest the claimed period can be.
-- A figure for part of an earlier period ("Jan–Nov 2022: 3.193 bn") is a lower bound of the whole
-- (trade and traffic are never negative): it can show that period was higher, never that it was lower.
-- Verdicts: record_confirmed, not_a_record (an earlier period is known to be at least as high),
-- not_established (some earlier period cannot be placed below; the reason names it), unverifiable.
WITH records AS (
    SELECT s.*
    FROM claim_scope_of('mart_claim') s
    JOIN mart_claim c USING (claim_id)
    WHERE c.record AND s.measure = 'level' AND s.period_start IS NOT NULL AND len(s.countries) IN (1, 2)
),
figures AS (
    SELECT o.claim_id, o.reporter, o.side_role, o.provider, o.period_start, o.period_end, o.value, o.qualifier,
           figure_low(o.value, o.qualifier) AS lo, figure_high(o.value, o.qualifier) AS hi,
           r.period_start AS claim_start, r.period_end AS claim_end
    FROM records r
    JOIN claim_official_of('mart_claim', official := 'mart_official_series') o ON o.claim_id = r.claim_id
    WHERE o.entity IS NOT DISTINCT FROM r.entity AND o.unit = r.unit
    QUALIFY row_number() OVER (  -- each provider's latest figure per period; a stated one before a derived one
        PARTITION BY o.claim_id, o.provider, o.indicator, o.reporter, o.partner, o.flow, o.period_start, o.period_end
        ORDER BY o.derivation = 'stated' DESC, o.published_at DESC NULLS LAST, o.retrieved_at DESC NULLS LAST,
                 o.release_id DESC
    ) = 1
),
windows AS (  -- each figure in the span of the claimed period k years earlier that holds it (k = 0: the claim's)
    SELECT f.*, t.k, (f.claim_start - to_years(t.k))::DATE AS ws, (f.claim_end - to_years(t.k))::DATE AS we
    FROM figures f,
         LATERAL (SELECT year(f.claim_start) - year(f.period_start) + d AS k FROM range(0, 2) r(d)) t
    WHERE t.k >= 0 AND f.period_start >= (f.claim_start - to_years(t.k))::DATE
      AND f.period_end <= (f.claim_end - to_years(t.k))::DATE
),
per_window AS (
    SELECT
        f.claim_id, f.reporter, f.side_role, f.k, f.ws, f.we,
        count(*) FILTER (WHERE f.period_start = f.ws AND f.period_end = f.we) AS whole_figures,
        max(f.hi) FILTER (WHERE f.period_start = f.ws AND f.period_end = f.we) AS whole_high,
        min(f.lo) FILTER (WHERE f.period_start = f.ws AND f.period_end = f.we) AS whole_low,
        max(f.lo) AS known_low,
        string_agg(DISTINCT f.provider, ', ' ORDER BY f.provider) AS providers,
        string_agg(qualified_words(f.value, f.qualifier)
                   || CASE WHEN f.period_start = f.ws AND f.period_end = f.we THEN ''
                   ELSE ' for ' || period_words(f.period_start, f.period_end) END, '; '
                   ORDER BY f.period_end, f.value, f.period_start, f.qualifier, f.provider) AS figures_words
    FROM windows f
    GROUP BY ALL
),
judged AS (
    SELECT
        e.*,
        c.whole_low AS claimed_low, c.whole_high AS claimed_high,
        CASE WHEN e.known_low >= c.whole_high THEN 'higher'
             WHEN e.whole_figures > 0 AND e.whole_high < c.whole_low THEN 'lower'
             ELSE 'undetermined' END AS standing
    FROM per_window e
    JOIN per_window c ON c.claim_id = e.claim_id AND c.reporter = e.reporter AND c.side_role = e.side_role
                     AND c.k = 0 AND c.whole_figures > 0
    WHERE e.k > 0
),
per_side AS (
    SELECT
        claim_id, reporter, side_role,
        string_agg(DISTINCT providers, ', ' ORDER BY providers) AS providers,
        any_value(claimed_low) AS claimed_low,
        any_value(claimed_high) AS claimed_high,
        count(*) AS earlier_periods,
        min(year(ws)) AS history_from,
        count(*) FILTER (WHERE standing = 'higher') AS higher,
        count(*) FILTER (WHERE standing = 'undetermined') AS undetermined,
        max(whole_high) FILTER (WHERE standing = 'lower') AS highest_before,
        arg_max(period_words(ws, we), (whole_high, ws)) FILTER (WHERE standing = 'lower') AS highest_before_period,
        string_agg(period_words(ws, we) || ' (' || figures_words || ')', '; ' ORDER BY ws DESC)
            FILTER (WHERE standing = 'higher') AS higher_words,
        string_agg(period_words(ws, we) || ' (' || figures_words || CASE
                       WHEN whole_figures = 0 THEN ': only part of it is on file'
                       WHEN isinf(whole_high) THEN ': open-ended'
                       ELSE ': could be up to ' || figure_words(whole_high) END || ')', '; ' ORDER BY ws DESC)
            FILTER (WHERE standing = 'undetermined') AS undetermined_words
    FROM judged
    GROUP BY claim_id, reporter, side_role
),
claimed AS (  -- sides with a figure for the claimed period (with or without earlier ones)
    SELECT claim_id, reporter, side_role, whole_low, whole_high, providers
    FROM per_window WHERE k = 0 AND whole_figures > 0
)
SELECT
    r.claim_id, k.reporter, k.side_role, coalesce(p.providers, k.providers) AS providers,
    k.whole_low AS claimed_low, k.whole_high AS claimed_high,
    p.highest_before, p.highest_before_period, coalesce(p.earlier_periods, 0) AS earlier_periods,
    CASE
        WHEN k.reporter IS NULL THEN 'unverifiable'
        WHEN coalesce(p.earlier_periods, 0) = 0 THEN 'unverifiable'
        WHEN p.higher > 0 THEN 'not_a_record'
        WHEN p.undetermined > 0 THEN 'not_established'
        ELSE 'record_confirmed'
    END AS verdict,
    CASE
        WHEN k.reporter IS NULL THEN 'no official figure for the claimed period to compare the record with'
        WHEN coalesce(p.earlier_periods, 0) = 0
            THEN format('{} has no earlier periods on file to compare with', k.reporter)
        WHEN p.higher > 0 THEN format('{}: not a record: the claimed period is at most {}, and {} was at least as high',
                                      k.reporter, figure_words(k.whole_high), p.higher_words)
        WHEN p.undetermined > 0 THEN format(
            '{}: not established: the claimed period is at least {}, but {} cannot be placed below it',
            k.reporter, figure_words(k.whole_low), p.undetermined_words)
        ELSE format('{}: at least {}, above every earlier period on file since {} (the highest could be {} in {})',
                    k.reporter, figure_words(k.whole_low), p.history_from, figure_words(p.highest_before),
                    p.highest_before_period)
    END AS reason
FROM records r
LEFT JOIN claimed k USING (claim_id)
LEFT JOIN per_side p ON p.claim_id = k.claim_id AND p.reporter = k.reporter AND p.side_role = k.side_role
