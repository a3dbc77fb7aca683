-- The rare file with duplicated keys: their rows, with check, reason and record (the normalized row:
-- every raw field of it passed), to go to quarantine; taken from bulk_candidate_rows (020), the few
-- good rows that share a key hash, not from all staged rows. 026 then writes the good rows without them
-- (by row_id, kept here for that).
CREATE OR REPLACE TEMP TABLE bulk_duplicate_rows AS
SELECT g.* EXCLUDE (key_hash, check_name, reason, record),
    'bulk_key_unique' AS check_name,
    format('key {} {} {} cmdCode {} {}..{} appears {} times in the file', g.reporter, g.partner,
           CASE g.flow WHEN 'exports' THEN 'X' ELSE 'M' END, g.commodity, g.period_start, g.period_end, d.n) AS reason,
    to_json({'reporterISO': g.reporter, 'partnerISO': g.partner, 'flowCode': CASE g.flow WHEN 'exports' THEN 'X' ELSE 'M' END,
             'cmdCode': g.commodity, 'freqCode': g.frequency, 'period_start': g.period_start,
             'period_end': g.period_end, 'primaryValue': g.value, 'estimated': g.status = 'estimated'})::VARCHAR AS record
FROM bulk_candidate_rows g
JOIN bulk_duplicate_key d USING (reporter, partner, flow, commodity, period_start, period_end)
