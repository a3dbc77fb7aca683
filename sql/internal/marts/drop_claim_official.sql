-- After the marts: the temp claim_official rows go (a full build's are millions, held until the connection closes).
DROP TABLE IF EXISTS mart_claim_official;
