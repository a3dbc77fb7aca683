-- Every mart file is a query over the claims to derive, the temp table mart_todo (every claim on a full
-- build; see pipelines/checking/marts.py): its rows are those claims' rows of the mart named by the file.
-- Their claim rows: the temp table mart_claim, and claim_scope_of('mart_claim'); their official figures:
-- claim_official_of('mart_claim') (sql/views/080_claim_official.sql). A mart's rows of those claims in a mart
-- built before it in this build: mart_new_<mart> (pipelines/checking/marts.py, NEW_ROWS).
-- Every official figure a claim can be checked against, twice: with the data certainly published by
-- the article's date ('at_publication': a release dated only by its year or month counts from the
-- last day of it) and with all data loaded now ('latest').
-- A candidate has the claim's indicator and countries and a period overlapping the claim's (the year
-- so far for a year-to-date claim, see claim_scope). A directed claim (Russia's exports to Uzbekistan)
-- matches the exporter's reported exports to the importer and the importer's reported imports from
-- the exporter (the mirror); side_role says which. For a change or ratio claim a candidate is either a
-- rate the source states itself (the claim's unit: percent, ratio) or a level from which Corridor
-- derives the rate, with the official value of the base period (same reporter, flow, scope and
-- derivation, shifted by the claim's base offset in years; the best-ranked source's).
WITH claims AS (
    SELECT
        c.*,
        b.basis,
        CASE WHEN b.basis = 'at_publication' THEN coalesce(c.published_date, DATE '9999-12-31')
             ELSE DATE '9999-12-31' END AS as_of
    FROM claim_scope_of('mart_claim') c
    CROSS JOIN (VALUES ('latest'), ('at_publication')) b(basis)
    WHERE c.period_start IS NOT NULL AND c.period_end IS NOT NULL AND len(c.countries) IN (1, 2)
),
visible AS (  -- per claim and basis: each provider's latest visible release of every official key
    SELECT c.claim_id, c.basis, o.* EXCLUDE (claim_id)
    FROM claims c
    JOIN claim_official_of('mart_claim', official := 'mart_official_series') o ON o.claim_id = c.claim_id AND o.published_by <= c.as_of
    -- only figures of the claim's period or of its base period (for a change): a long series holds many more
    WHERE (o.period_start <= c.period_end AND o.period_end >= c.period_start)
       OR (c.measure <> 'level' AND o.period_start <= c.period_end - to_years(c.base_offset_years)
           AND o.period_end >= c.period_start - to_years(c.base_offset_years))
    QUALIFY row_number() OVER (
        PARTITION BY c.claim_id, c.basis, o.provider, o.indicator, o.reporter, o.partner, o.flow, o.period_start,
                     o.period_end, o.entity, o.derivation, o.unit
        ORDER BY o.published_at DESC, o.retrieved_at DESC NULLS LAST, o.release_id DESC
    ) = 1
)
SELECT
    c.claim_id,
    c.basis,
    c.as_of,
    c.year_to_date,
    v.side_role, v.reporter, v.partner, v.flow, v.indicator AS official_indicator,
    v.entity AS official_entity, v.derivation,
    CASE WHEN c.measure = 'level' THEN NULL WHEN v.unit = c.unit THEN 'stated' ELSE 'derived' END AS rate_source,
    v.period_start AS official_period_start, v.period_end AS official_period_end,
    v.value AS official_value, v.qualifier AS official_qualifier, v.unit AS official_unit,
    v.value_as_published, v.correction,
    v.provider, v.source_class, v.source_rank, v.release_id, v.published_at, v.published_precision, v.source_id,
    base.value AS official_base_value, base.qualifier AS official_base_qualifier,
    base.period_start AS official_base_period_start, base.period_end AS official_base_period_end,
    base.provider AS base_provider, base.release_id AS base_release_id, base.correction AS base_correction
FROM claims c
JOIN visible v
  ON v.claim_id = c.claim_id AND v.basis = c.basis
 AND v.period_start <= c.period_end AND v.period_end >= c.period_start
 AND CASE WHEN c.measure = 'level' THEN v.unit = c.unit
          ELSE v.unit = c.unit OR v.unit NOT IN ('percent', 'ratio') END
LEFT JOIN visible base
  ON c.measure IN ('change_pct', 'ratio') AND v.unit <> c.unit
 AND base.claim_id = c.claim_id AND base.basis = c.basis
 AND base.indicator = v.indicator AND base.reporter = v.reporter AND base.partner = v.partner AND base.flow = v.flow
 AND base.entity IS NOT DISTINCT FROM v.entity AND base.derivation = v.derivation AND base.unit = v.unit
 AND base.period_start = v.period_start - to_years(c.base_offset_years)
 AND base.period_end = v.period_end - to_years(c.base_offset_years)
QUALIFY row_number() OVER (  -- one base per candidate: the same provider's, else the best-ranked source's
    PARTITION BY c.claim_id, c.basis, v.provider, v.indicator, v.reporter, v.partner, v.flow, v.period_start,
                 v.period_end, v.entity, v.derivation, v.unit
    ORDER BY base.provider IS NOT DISTINCT FROM v.provider DESC, base.source_rank, base.published_at DESC,
             base.release_id
) = 1
