-- Every official figure a claim can be checked against, twice: with the data published by the
-- article's date ('at_publication') and with all data loaded now ('latest').
-- A candidate has the claim's indicator and countries and a period overlapping the claim's; for a
-- change or ratio claim it carries the official value of the base period too (same reporter, flow,
-- scope and derivation, shifted by the claim's base offset in years).
CREATE OR REPLACE TABLE claim_candidate AS
WITH claims AS (
    SELECT
        c.claim_id, c.indicator, c.measure, c.unit, c.countries, c.entity,
        c.period_start, c.period_end, c.base_period_start, c.base_period_end,
        coalesce(year(c.period_start) - year(c.base_period_start), 1) AS base_offset_years,
        b.basis,
        CASE WHEN b.basis = 'at_publication' THEN coalesce(s.published_date, DATE '9999-12-31')
             ELSE DATE '9999-12-31' END AS as_of
    FROM claim c
    JOIN source s USING (source_id)
    CROSS JOIN (VALUES ('latest'), ('at_publication')) b(basis)
    WHERE c.period_start IS NOT NULL AND c.period_end IS NOT NULL AND len(c.countries) IN (1, 2)
),
visible AS (  -- per claim and basis: the latest visible release of every official key
    SELECT c.claim_id, c.basis, o.*
    FROM claims c
    JOIN official_series o
      ON o.indicator = c.indicator
     AND CASE WHEN len(c.countries) = 2 THEN list_sort([o.reporter, o.partner]) = c.countries
              ELSE o.reporter = c.countries[1] AND o.partner = 'WLD' END
     AND o.published_at <= c.as_of
    QUALIFY row_number() OVER (
        PARTITION BY c.claim_id, c.basis, o.reporter, o.partner, o.flow, o.period_start, o.period_end,
                     o.entity, o.derivation
        ORDER BY o.published_at DESC, o.retrieved_at DESC NULLS LAST, o.release_id DESC
    ) = 1
)
SELECT
    c.claim_id,
    c.basis,
    c.as_of,
    v.reporter, v.partner, v.flow, v.entity AS official_entity, v.derivation,
    v.period_start AS official_period_start, v.period_end AS official_period_end,
    v.value AS official_value, v.qualifier AS official_qualifier, v.unit AS official_unit,
    v.provider, v.release_id, v.published_at, v.source_id,
    base.value AS official_base_value, base.qualifier AS official_base_qualifier,
    base.period_start AS official_base_period_start, base.period_end AS official_base_period_end,
    base.release_id AS base_release_id
FROM claims c
JOIN visible v
  ON v.claim_id = c.claim_id AND v.basis = c.basis
 AND v.period_start <= c.period_end AND v.period_end >= c.period_start
 AND (c.measure <> 'level' OR v.unit = c.unit)
LEFT JOIN visible base
  ON c.measure IN ('change_pct', 'ratio')
 AND base.claim_id = c.claim_id AND base.basis = c.basis
 AND base.reporter = v.reporter AND base.partner = v.partner AND base.flow = v.flow
 AND base.entity IS NOT DISTINCT FROM v.entity AND base.derivation = v.derivation AND base.unit = v.unit
 AND base.period_start = v.period_start - to_years(c.base_offset_years)
 AND base.period_end = v.period_end - to_years(c.base_offset_years);
