-- Rows and files refused by a parser or a quality check, with the reason in words.
CREATE TABLE IF NOT EXISTS quarantine (
    quarantine_id VARCHAR PRIMARY KEY,
    dataset VARCHAR NOT NULL,
    input_name VARCHAR NOT NULL,
    source_id VARCHAR,
    check_name VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    record VARCHAR
);
