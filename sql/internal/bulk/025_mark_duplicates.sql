-- The rows of a duplicated key get their check and reason (one UPDATE of a few rows, so later
-- steps read bulk_stage alone); their record is the normalized row (every raw field of it passed).
UPDATE bulk_stage s SET
    check_name = 'bulk_key_unique',
    reason = format('key {} {} {} cmdCode {} {}..{} appears {} times in the file', s.reporter, s.partner, s.f_code,
                    s.cmd, s.period_start, s.period_end, d.n),
    record = to_json({'reporterISO': s.reporter, 'partnerISO': s.partner, 'flowCode': s.f_code, 'cmdCode': s.cmd,
                      'freqCode': s.freq, 'period_start': s.period_start, 'period_end': s.period_end,
                      'primaryValue': s.value, 'estimated': s.estimated})::VARCHAR
FROM bulk_duplicate_key d
WHERE s.k = d.k AND s.check_name IS NULL AND NOT s.skip
  AND s.reporter = d.reporter AND s.partner = d.partner AND s.f_code = d.f_code AND s.cmd = d.cmd
  AND s.period_start = d.period_start AND s.period_end = d.period_end;
