-- A verdict for every claim and candidate, on both bases, with its reason in words. Strength of evidence:
--   supported         the official figure backs the claim: its interval lies within the claim's bounds, or
--                     it is closed (two-sided) and its point value lies within them
--   not_contradicted  the official interval meets the claim's bounds only because it is open ("more than
--                     3.1 bn") or only through its rounding: it does not confirm the claim
--   contradicted      the official interval misses the claim's bounds; relative_difference says by how much
--   scope_mismatch    the claim counts something narrower or wider: one airline group vs all carriers,
--                     part of a year vs the whole year
--   unverifiable      no official figure for that period had been published (yet), or no base value
-- A rate the source states is taken as stated; a rate Corridor derives from two levels says so, with them.
WITH cc AS (
    SELECT
        k.*,
        c.indicator, c.measure, c.entity AS claim_entity, c.derived_from, c.value AS claim_value,
        s.period_start AS claim_period_start, s.period_end AS claim_period_end, s.published_date,
        coalesce(c.value_low, figure_low(c.value, c.qualifier)) AS claim_low,
        coalesce(c.value_high, figure_high(c.value, c.qualifier)) AS claim_high,
        figure_low(k.official_value, k.official_qualifier) AS ov_low,
        figure_high(k.official_value, k.official_qualifier) AS ov_high,
        figure_low(k.official_base_value, k.official_base_qualifier) AS ob_low,
        figure_high(k.official_base_value, k.official_base_qualifier) AS ob_high
    FROM mart_new_claim_candidate k  -- the candidates of the claims to derive (this build's claim_candidate rows)
    JOIN mart_claim c USING (claim_id)
    JOIN claim_scope_of('mart_claim') s USING (claim_id)
),
comparable AS (  -- the official counterpart of the claim's measure, as a point and an interval
    SELECT
        *,
        measure = 'level' OR rate_source = 'stated' AS direct,
        CASE WHEN measure = 'level' OR rate_source = 'stated' THEN official_value
             WHEN measure = 'change_pct' THEN 100 * (official_value / nullif(official_base_value, 0) - 1)
             WHEN measure = 'ratio' THEN official_value / nullif(official_base_value, 0)
        END AS official_point,
        -- levels are never negative: a rate's lowest value uses the level's lowest non-negative value
        CASE WHEN measure = 'level' OR rate_source = 'stated' THEN ov_low
             WHEN official_base_value IS NULL OR ob_high <= 0 THEN NULL
             WHEN measure = 'change_pct' THEN 100 * (greatest(ov_low, 0) / ob_high - 1)
             WHEN measure = 'ratio' THEN greatest(ov_low, 0) / ob_high
        END AS official_low,
        CASE WHEN measure = 'level' OR rate_source = 'stated' THEN ov_high
             WHEN official_base_value IS NULL THEN NULL
             WHEN ob_low <= 0 THEN CAST('infinity' AS DOUBLE)
             WHEN measure = 'change_pct' THEN 100 * (ov_high / ob_low - 1)
             WHEN measure = 'ratio' THEN ov_high / ob_low
        END AS official_high,
        claim_entity IS DISTINCT FROM official_entity AS entity_differs,
        CASE WHEN year_to_date
             THEN official_period_start <> claim_period_start OR official_period_end > claim_period_end
             ELSE official_period_start <> claim_period_start OR official_period_end <> claim_period_end
        END AS period_differs
    FROM cc
),
judged AS (
    SELECT
        *,
        CASE
            WHEN entity_differs OR period_differs THEN 'scope_mismatch'
            WHEN official_point IS NULL OR official_low IS NULL OR official_high IS NULL THEN 'unverifiable'
            WHEN official_low > claim_high OR official_high < claim_low THEN 'contradicted'
            WHEN official_low >= claim_low AND official_high <= claim_high THEN 'supported'
            WHEN NOT isinf(official_low) AND NOT isinf(official_high)
                 AND official_point BETWEEN claim_low AND claim_high THEN 'supported'
            ELSE 'not_contradicted'
        END AS verdict,
        -- who says it: a level or a stated rate is the reporter's; a derived rate is Corridor's arithmetic
        CASE WHEN direct THEN reporter || CASE WHEN measure = 'level' THEN ' reports ' ELSE ' states ' END
             ELSE reporter || '''s figures give ' END
        || CASE side_role WHEN 'exporter' THEN 'exports to ' || partner || ' of '
                          WHEN 'importer' THEN 'imports from ' || partner || ' of ' ELSE '' END AS who,
        CASE WHEN measure = 'change_pct' THEN '%' WHEN measure = 'ratio' THEN ' times' ELSE '' END AS rate_unit
    FROM comparable
),
worded AS (
    SELECT
        *,
        concat(
            CASE WHEN direct AND measure = 'level' THEN qualified_words(official_value, official_qualifier)
                 WHEN direct THEN qualified_words(official_value, official_qualifier) || rate_unit
                 ELSE figure_words(official_point) || rate_unit END,
            CASE WHEN NOT direct THEN format(
                ' (derived by Corridor, not stated by {}: {} for {} over {} for {})', reporter,
                qualified_words(official_value, official_qualifier),
                period_words(official_period_start, official_period_end),
                qualified_words(official_base_value, official_base_qualifier),
                period_words(official_base_period_start, official_base_period_end)) ELSE '' END,
            CASE WHEN official_low < official_high THEN format(', between {} and {} by its rounding and qualifiers',
                                                              figure_words(official_low), figure_words(official_high))
                 ELSE '' END,
            format(' ({}, {}{}, released {})', provider, replace(source_class, '_', ' '),
                   CASE WHEN derivation = 'stated' THEN '' ELSE ', ' || derivation END,
                   published_words(published_at, published_precision)),
            CASE WHEN correction IS NOT NULL OR base_correction IS NOT NULL THEN format(
                ' [corrected by hand: {}; published as {}]', concat_ws('; ', correction, base_correction),
                figure_words(value_as_published)) ELSE '' END,
            CASE side_role WHEN 'importer' THEN ' [the mirror: the importer''s side]'
                           WHEN 'exporter' THEN ' [the exporter''s side]' ELSE '' END,
            CASE WHEN year_to_date THEN format(' [year to date: said on {}, against {}]', published_date,
                                               period_words(official_period_start, official_period_end))
                 ELSE '' END) AS official_words
    FROM judged
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
            'scope: the claim covers {}{} but the official {} figure ({}) covers {} ({})',
            period_words(claim_period_start, claim_period_end),
            CASE WHEN year_to_date THEN format(' (the year so far when said on {})', published_date) ELSE '' END,
            reporter, provider, period_words(official_period_start, official_period_end),
            CASE WHEN official_period_end > claim_period_end THEN 'part of a period vs the whole of it'
                 ELSE 'the official figure covers less time' END)
        WHEN verdict = 'unverifiable' THEN format(
            'no official {} value for the base period {} to compute the change from',
            reporter,
            period_words((official_period_start - to_years(1))::DATE, (official_period_end - to_years(1))::DATE))
        WHEN verdict = 'supported' THEN format('{}{}, within the claim''s bounds {} .. {}',
            who, official_words, figure_words(claim_low), figure_words(claim_high))
        WHEN verdict = 'not_contradicted' THEN format('{}{}: not contradicted, not confirmed: {}',
            who, official_words,
            CASE WHEN isinf(official_low) OR isinf(official_high) THEN format(
                     'the official figure is one-sided, so it cannot confirm the claim''s bounds {} .. {}',
                     figure_words(claim_low), figure_words(claim_high))
                 ELSE format('the claim''s bounds {} .. {} are reached only through the rounding of the '
                             || 'official figures', figure_words(claim_low), figure_words(claim_high)) END)
        ELSE format('{}{}, outside the claim''s bounds {} .. {}: the claim is {} {}',
            who, official_words, figure_words(claim_low), figure_words(claim_high),
            CASE WHEN measure = 'level' THEN printf('%.1f%%', 100 * abs(claim_value / official_point - 1))
                 ELSE printf('%.1f points', abs(claim_value - official_point)) END,
            CASE WHEN claim_value > official_point THEN 'higher' ELSE 'lower' END)
    END AS reason,
    CASE WHEN measure = 'level' THEN claim_value / nullif(official_point, 0) - 1
         ELSE claim_value - official_point END AS relative_difference,
    year_to_date, side_role, reporter, partner, flow, official_indicator, derivation, rate_source, official_entity,
    official_period_start, official_period_end, official_value, official_qualifier, value_as_published, correction,
    official_base_value, official_point, official_low, official_high, claim_low, claim_high,
    provider, source_class, source_rank, release_id, base_release_id, published_at, published_precision, source_id
FROM worded

UNION ALL BY NAME

-- Claims with no candidate on a basis: unverifiable, and why.
SELECT
    c.claim_id, b.basis,
    CASE WHEN b.basis = 'at_publication' THEN c.published_date END AS as_of,
    'unverifiable' AS verdict,
    CASE
        WHEN c.period_start IS NULL THEN 'the claim states no period to check'
        WHEN len(c.countries) NOT IN (1, 2) THEN 'the claim names no pair of countries to check'
        WHEN b.basis = 'at_publication' AND c.published_date IS NOT NULL THEN format(
            'no official {} figure for {} for {} had certainly been published by {}',
            c.indicator, CASE WHEN c.directed THEN c.exporter || ' to ' || c.importer
                              ELSE array_to_string(c.countries, '-') END,
            period_words(c.period_start, c.period_end), c.published_date)
        ELSE format('no official {} figure for {} for {} yet',
                    c.indicator, CASE WHEN c.directed THEN c.exporter || ' to ' || c.importer
                                      ELSE array_to_string(c.countries, '-') END,
                    period_words(c.period_start, c.period_end))
    END AS reason,
    c.year_to_date
FROM claim_scope_of('mart_claim') c
CROSS JOIN (VALUES ('latest'), ('at_publication')) b(basis)
WHERE NOT EXISTS (SELECT 1 FROM mart_new_claim_candidate k WHERE k.claim_id = c.claim_id AND k.basis = b.basis)
