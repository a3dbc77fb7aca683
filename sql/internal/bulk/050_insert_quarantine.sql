-- Refused rows into quarantine, with a stable id (pipelines.model.quarantine_id: sha256 of dataset,
-- input, source and record joined by U+001F); identical refused lines collapse into one row (a hash
-- aggregate, not DISTINCT ON, which sorts). Reads bulk_refused (the part's refused rows and those of
-- duplicated keys). Parameters: $dataset, $input_name, $source_id.
INSERT INTO quarantine
SELECT quarantine_id, $dataset AS dataset, $input_name AS input_name, $source_id AS source_id,
       any_value(check_name) AS check_name, any_value(reason) AS reason, any_value(record) AS record
FROM (
    SELECT sha256(concat_ws(chr(31), $dataset, coalesce($input_name, ''), coalesce($source_id, ''), coalesce(record, ''))) AS quarantine_id, check_name, reason, record
    FROM bulk_refused
)
GROUP BY quarantine_id
