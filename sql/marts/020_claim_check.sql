-- A verdict for every claim and candidate, on both bases, with its reason in words:
--   consistent      the official figure (as an interval, by its own rounding) meets the claim's bounds
--   inconsistent    it does not; relative_difference says by how much
--   scope_mismatch  the claim counts something narrower or wider: one airline group vs all carriers,
--                   part of a year vs the whole year
--   unverifiable    no official figure for that period had been published (yet), or no base value
CREATE OR REPLACE TABLE claim_check AS
WITH cc AS (
    SELECT
        k.*,
        c.indicator, c.measure, c.entity AS claim_entity, c.derived_from,
        c.period_start AS claim_period_start, c.period_end AS claim_period_end,
        c.value AS claim_value,
        coalesce(c.value_low, figure_low(c.value, c.qualifier)) AS claim_low,
        coalesce(c.value_high, figure_high(c.value, c.qualifier)) AS claim_high,
        figure_low(k.official_value, k.official_qualifier) AS ov_low,
        figure_high(k.official_value, k.official_qualifier) AS ov_high,
        figure_low(k.official_base_value, k.official_base_qualifier) AS ob_low,
        figure_high(k.official_base_value, k.official_base_qualifier) AS ob_high
    FROM claim_candidate k
    JOIN claim c USING (claim_id)
),
comparable AS (  -- the official counterpart of the claim's measure, as a point and an interval
    SELECT
        *,
        CASE measure
            WHEN 'level' THEN official_value
            WHEN 'change_pct' THEN 100 * (official_value / nullif(official_base_value, 0) - 1)
            WHEN 'ratio' THEN official_value / nullif(official_base_value, 0)
        END AS official_point,
        CASE measure
            WHEN 'level' THEN ov_low
            WHEN 'change_pct' THEN 100 * (ov_low / nullif(ob_high, 0) - 1)
            WHEN 'ratio' THEN ov_low / nullif(ob_high, 0)
        END AS official_low,
        CASE measure
            WHEN 'level' THEN ov_high
            WHEN 'change_pct' THEN 100 * (ov_high / nullif(ob_low, 0) - 1)
            WHEN 'ratio' THEN ov_high / nullif(ob_low, 0)
        END AS official_high,
        claim_entity IS DISTINCT FROM official_entity AS entity_differs,
        official_period_start <> claim_period_start OR official_period_end <> claim_period_end AS period_differs
    FROM cc
),
judged AS (
    SELECT
        *,
        CASE
            WHEN entity_differs OR period_differs THEN 'scope_mismatch'
            WHEN official_point IS NULL THEN 'unverifiable'
            WHEN official_low <= claim_high AND official_high >= claim_low THEN 'consistent'
            ELSE 'inconsistent'
        END AS verdict,
        -- A change or ratio names the two official figures it comes from, and an official figure
        -- that is rounded or one-sided names the interval it stands for: the verdict is about that.
        concat(
            CASE WHEN measure <> 'level' THEN format(' ({} over {})', figure_words(official_value),
                                                   figure_words(official_base_value)) ELSE '' END,
            CASE WHEN official_low < official_high THEN format(', between {} and {} by its rounding and qualifiers',
                                                              figure_words(official_low), figure_words(official_high))
                 ELSE '' END) AS official_detail
    FROM comparable
)
SELECT
    claim_id, basis, as_of, verdict,
    CASE
        WHEN verdict = 'scope_mismatch' AND entity_differs THEN format(
            'scope: the claim counts {} but the official {} figure ({}) counts {}',
            coalesce(claim_entity, CASE WHEN indicator LIKE 'transport.%' THEN 'all carriers' ELSE 'the whole country' END),
            reporter, provider,
            coalesce(official_entity, CASE WHEN indicator LIKE 'transport.%' THEN 'all carriers' ELSE 'the whole country' END))
        WHEN verdict = 'scope_mismatch' THEN format(
            'scope: the claim covers {} to {} but the official {} figure ({}) covers {} to {} ({})',
            claim_period_start, claim_period_end, reporter, provider, official_period_start, official_period_end,
            CASE WHEN official_period_end > claim_period_end THEN 'part of a period vs the whole of it'
                 ELSE 'the official figure covers less time' END)
        WHEN verdict = 'unverifiable' THEN format(
            'no official {} value for the base period {} to {} to compute the change from',
            reporter, (official_period_start - to_years(1))::DATE, (official_period_end - to_years(1))::DATE)
        WHEN verdict = 'consistent' THEN format(
            '{} reports {}{} ({}{}, released {}), within the claim''s bounds {} .. {}',
            reporter, figure_words(official_point), official_detail, provider,
            CASE WHEN derivation = 'stated' THEN '' ELSE ', ' || derivation END, published_at,
            figure_words(claim_low), figure_words(claim_high))
        ELSE format(
            '{} reports {}{} ({}{}, released {}), outside the claim''s bounds {} .. {}: the claim is {} {}',
            reporter, figure_words(official_point), official_detail, provider,
            CASE WHEN derivation = 'stated' THEN '' ELSE ', ' || derivation END, published_at,
            figure_words(claim_low), figure_words(claim_high),
            CASE WHEN measure = 'level' THEN printf('%.1f%%', 100 * abs(claim_value / official_point - 1))
                 ELSE printf('%.1f points', abs(claim_value - official_point)) END,
            CASE WHEN claim_value > official_point THEN 'higher' ELSE 'lower' END)
    END AS reason,
    CASE WHEN measure = 'level' THEN claim_value / nullif(official_point, 0) - 1
         ELSE claim_value - official_point END AS relative_difference,
    reporter, partner, flow, derivation, official_entity,
    official_period_start, official_period_end, official_value, official_qualifier,
    official_base_value, official_point, official_low, official_high, claim_low, claim_high,
    provider, release_id, base_release_id, published_at, source_id
FROM judged

UNION ALL BY NAME

-- Claims with no candidate on a basis: unverifiable, and why.
SELECT
    c.claim_id, b.basis,
    CASE WHEN b.basis = 'at_publication' THEN s.published_date END AS as_of,
    'unverifiable' AS verdict,
    CASE
        WHEN c.period_start IS NULL THEN 'the claim states no period to check'
        WHEN len(c.countries) NOT IN (1, 2) THEN 'the claim names no pair of countries to check'
        WHEN b.basis = 'at_publication' AND s.published_date IS NOT NULL THEN format(
            'no official {} figure for {} from {} to {} had been published by {}',
            c.indicator, array_to_string(c.countries, '-'), c.period_start, c.period_end, s.published_date)
        ELSE format('no official {} figure for {} from {} to {} yet',
                    c.indicator, array_to_string(c.countries, '-'), c.period_start, c.period_end)
    END AS reason
FROM claim c
JOIN source s USING (source_id)
CROSS JOIN (VALUES ('latest'), ('at_publication')) b(basis)
WHERE NOT EXISTS (SELECT 1 FROM claim_candidate k WHERE k.claim_id = c.claim_id AND k.basis = b.basis);
