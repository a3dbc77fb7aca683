-- Every official figure (all releases) of a claim's series (its keys: the claim_key view), with the
-- side it speaks for. Not stored: at 10,000 articles it is 7.2M rows, most of the file every load
-- copied. claim_official_of('t') gives the rows of the claims in table t (claim's columns): the marts
-- claim_candidate and record_check read it for the claims they derive (mart_claim), streamed into their
-- joins (a temp table of a full build's rows held 3.4 GiB); the view gives every claim's rows. The marts
-- pass official := 'mart_official_series', their stored copy of official_series (rebuilt when the official
-- inputs change: deriving the view takes longer than a one-article build's joins).
CREATE OR REPLACE MACRO claim_official_of(claims, official := 'official_series') AS TABLE
SELECT k.claim_id, k.side_role, o.*
FROM claim_key_of(claims) k
JOIN claim_scope_of(claims) c USING (claim_id)
JOIN query_table(official) o ON o.indicator = k.indicator AND o.reporter = k.reporter AND o.partner = k.partner
WHERE c.period_start IS NOT NULL;

CREATE OR REPLACE VIEW claim_official AS
SELECT * FROM claim_official_of('claim');
