-- When the official inputs changed (a new release, a correction, a provider's rank): the claims matched on an
-- official key whose rows changed join the claims to derive again (mart_todo, todo.sql). Otherwise every
-- key's rows are those of the last build (official_same.sql) and no claim is added: this is not run.
INSERT INTO mart_todo
WITH changed_keys AS (
    (SELECT * FROM mart_official_now EXCEPT SELECT * FROM mart_official_key)
    UNION ALL
    (SELECT * FROM mart_official_key EXCEPT SELECT * FROM mart_official_now)
)
SELECT k.claim_id FROM claim_key k SEMI JOIN changed_keys USING (indicator, reporter, partner)
EXCEPT
SELECT claim_id FROM mart_todo;
