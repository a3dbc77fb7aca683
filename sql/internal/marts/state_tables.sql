-- What the claim-checking marts were last derived from, so that the next build re-derives only what
-- changed (pipelines/checking/marts.py). Emptied with every table when the warehouse is not trusted:
-- no state means a full build.
-- The fingerprints of the marts' code and of their official inputs (observation, release, corrections,
-- ref_*) at the last build: one row.
CREATE TABLE IF NOT EXISTS mart_state (
    code_fingerprint VARCHAR NOT NULL,
    official_fingerprint VARCHAR NOT NULL
);
-- Per claim: a hash of its claim row and its article's source row, and the claimants (outlet, speaker)
-- it counted for in claimant_record.
CREATE TABLE IF NOT EXISTS mart_claim_input (
    claim_id VARCHAR NOT NULL,
    input_hash UBIGINT NOT NULL,
    outlet VARCHAR,
    speaker VARCHAR
);
-- Per official key (what claims are matched on, claim_key): a hash of its official_series rows.
CREATE TABLE IF NOT EXISTS mart_official_key (
    indicator VARCHAR,
    reporter VARCHAR,
    partner VARCHAR,
    rows BIGINT NOT NULL,
    content HUGEINT NOT NULL
);
