-- Bulk Comtrade CSV → the staging table bulk_rows, in one pass over the file: every row normalized
-- (in compact columns: reporter and partner as the ENUM bulk_iso3 of 006, the flow as x = exports,
-- the status as estimated; 011 gives the fact's text columns back), each row-level expectation a SQL
-- predicate with its reason, and its outcome: good, refused (with check, reason and raw record, for
-- quarantine) or skipped (counted). Text columns stay text until a TRY_CAST, so a bad value is a
-- quarantined row, never a failed load.
-- bulk_rows lives in a scratch DuckDB file of its own connection (pipelines.official.bulk): DuckDB's
-- own compressed storage is cheaper to write than Parquet partitioned by outcome, and the duplicate
-- keys (020/025) are found on it before the part is written, so the good rows are written once (026).
-- Rows of other flows (RX, RM, ...) or of customs/transport/second-partner breakdowns are not read
-- (X and M already include them); rows with no value or naming an area that is no country
-- (m49_overrides action 'drop') are skipped: counted, neither loaded nor refused.
-- Parameters: $path, $delim; reads the table bulk_m49 (005/006: code, iso3, action).
CREATE TABLE bulk_rows AS
WITH raw AS (
    SELECT *,
        bulk_trim(reporterCode) AS r_code, bulk_trim(partnerCode) AS p_code, bulk_trim(flowCode) AS f_code,
        bulk_trim(freqCode) AS freq, bulk_trim(period) AS per, bulk_trim(primaryValue) AS v_text
    -- all_varchar: extra columns of a real bulk file are read as text and never touched
    FROM read_csv($path, delim = $delim, header = true, all_varchar = true)
),
typed AS (
    SELECT raw.*,
        TRY_CAST(v_text AS DOUBLE) AS v,
        TRY_CAST(r_code AS INTEGER) AS r_m49, TRY_CAST(p_code AS INTEGER) AS p_m49,
        CASE WHEN freq = 'A' AND length(per) = 4 THEN TRY_CAST(per AS INTEGER)
             WHEN freq = 'M' AND length(per) = 6 THEN TRY_CAST(per[1:4] AS INTEGER) END AS y,
        CASE WHEN freq = 'A' THEN 1 WHEN freq = 'M' AND length(per) = 6 THEN TRY_CAST(per[5:6] AS INTEGER) END AS m
    FROM raw
    -- the plain value first: trim only runs on the rare row that is not exactly '0' or 'C00'
    WHERE f_code IN ('X', 'M')
      AND (customsCode = 'C00' OR coalesce(trim(customsCode), 'C00') IN ('C00', ''))
      AND (motCode = '0' OR coalesce(trim(motCode), '0') IN ('0', ''))
      AND (partner2Code = '0' OR coalesce(trim(partner2Code), '0') IN ('0', ''))
),
checked AS (
    SELECT t.*, r.reporter, p.partner, r.r_action, p.p_action,
        (v IS NULL AND v_text IS NOT NULL AND v_text <> '') OR (v IS NOT NULL AND NOT isfinite(v)) AS bad_value,
        coalesce(v < 0, false) AS neg_value,
        r_action IS NULL AS bad_reporter, p_action IS NULL AS bad_partner,
        y IS NULL OR y NOT BETWEEN 1900 AND 2100 OR m IS NULL OR m NOT BETWEEN 1 AND 12 AS bad_period
    -- M49 → ISO3 by a join on the small table bulk_m49 (its hash table, ~300 rows, is built once;
    -- a list index per row, $list[code + 1], cost twice as much)
    FROM typed t
    LEFT JOIN (SELECT code, iso3 AS reporter, action AS r_action FROM bulk_m49) r ON r.code = t.r_m49
    LEFT JOIN (SELECT code, iso3 AS partner, action AS p_action FROM bulk_m49) p ON p.code = t.p_m49
)
SELECT
    f_code = 'X' AS x, reporter, partner,
    bulk_trim(cmdCode) AS commodity,
    CASE WHEN NOT bad_period THEN make_date(y, m, 1) END AS period_start,
    CASE WHEN NOT bad_period THEN CASE WHEN freq = 'A' THEN make_date(y, 12, 31)
                                       ELSE last_day(make_date(y, m, 1)) END END AS period_end,
    freq AS frequency, v AS value,
    lower(bulk_trim(isReported)) IN ('false', '0') AS estimated,
    -- the reasons are built for the refused rows only (CASE evaluates its branch on matching rows)
    CASE WHEN bad THEN concat_ws('; ',
        CASE WHEN bad_value THEN 'bulk_value_numeric' END,
        CASE WHEN neg_value THEN 'bulk_value_not_negative' END,
        CASE WHEN bad_reporter THEN 'bulk_reporter_known' END,
        CASE WHEN bad_partner THEN 'bulk_partner_known' END,
        CASE WHEN bad_period THEN 'bulk_period_valid' END) END AS check_name,
    CASE WHEN bad THEN concat_ws('; ',
        CASE WHEN bad_value THEN format('primaryValue ''{}'' is not a number', v_text) END,
        CASE WHEN neg_value THEN format('negative primaryValue {}', v_text) END,
        CASE WHEN bad_reporter THEN format('reporterCode ''{}'' is not an M49 code of countries.csv or m49_overrides.csv', r_code) END,
        CASE WHEN bad_partner THEN format('partnerCode ''{}'' is not an M49 code of countries.csv or m49_overrides.csv', p_code) END,
        CASE WHEN bad_period THEN format('period ''{}'' is not a valid {} period for freqCode ''{}''', per,
                                          CASE freq WHEN 'A' THEN 'YYYY' WHEN 'M' THEN 'YYYYMM' ELSE 'known' END, freq) END
    ) END AS reason,
    CASE WHEN bad THEN
        to_json({'typeCode': typeCode, 'freqCode': freqCode, 'refPeriodId': refPeriodId, 'refYear': refYear,
                 'refMonth': refMonth, 'period': period, 'reporterCode': reporterCode, 'reporterISO': reporterISO,
                 'flowCode': flowCode, 'partnerCode': partnerCode, 'partnerISO': partnerISO,
                 'partner2Code': partner2Code, 'cmdCode': cmdCode, 'customsCode': customsCode, 'motCode': motCode,
                 'primaryValue': primaryValue, 'isReported': isReported, 'isAggregate': isAggregate})::VARCHAR
    END AS record,
    -- a refused row is refused even when it would also be skipped
    CASE WHEN bad THEN 'refused'
         WHEN coalesce(v_text IS NULL OR v_text = '' OR r_action = 'drop' OR p_action = 'drop', false) THEN 'skipped'
         ELSE 'good' END AS outcome
FROM (SELECT *, coalesce(bad_value OR neg_value OR bad_reporter OR bad_partner OR bad_period, false) AS bad
      FROM checked)
