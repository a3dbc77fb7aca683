-- The trade_commodity view: an empty typed branch (its columns and types), then one branch per
-- registered part, its release and source as constants (a filter on them skips other parts unread).
-- At the end, pipelines/warehouse.py puts "UNION ALL <branch>" per part (trade_commodity_part.sql).
CREATE OR REPLACE VIEW trade_commodity AS
SELECT NULL::VARCHAR AS indicator,    -- trade.exports | trade.imports
       NULL::VARCHAR AS reporter,     -- ISO 3166 alpha-3
       NULL::VARCHAR AS partner,      -- ISO 3166 alpha-3, WLD for all partners
       NULL::VARCHAR AS flow,         -- exports | imports
       NULL::VARCHAR AS commodity,    -- HS code as text (leading zeros kept), or TOTAL
       NULL::DATE AS period_start, NULL::DATE AS period_end,
       NULL::VARCHAR AS frequency,    -- A | M
       NULL::DOUBLE AS value,         -- US dollars
       NULL::VARCHAR AS unit, NULL::VARCHAR AS currency,
       NULL::VARCHAR AS status,       -- reported | estimated
       NULL::VARCHAR AS release_id, NULL::VARCHAR AS source_id
WHERE false
{parts}
