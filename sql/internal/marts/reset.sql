-- Before a full build: forget what the marts were derived from (every claim and key is then new).
DELETE FROM mart_claim_input;
DELETE FROM mart_official_key;
DELETE FROM mart_state;
