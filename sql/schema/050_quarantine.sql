-- Rows and files refused by a parser or a quality check, with the reason in words.
-- quarantine_id is unique by construction, not by an index: every load deletes the rows it refuses anew
-- (by id, or by dataset and source for a bulk file) and inserts each id once. A PRIMARY KEY's index made
-- a bulk file's 340,000 refused rows cost 2.2 s to insert instead of 0.6 s, and more to checkpoint.
CREATE TABLE IF NOT EXISTS quarantine (
    quarantine_id VARCHAR NOT NULL,
    dataset VARCHAR NOT NULL,
    input_name VARCHAR NOT NULL,
    source_id VARCHAR,
    check_name VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    record VARCHAR
);
