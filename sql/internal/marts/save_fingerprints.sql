-- The fingerprints of the marts' code and official inputs at this build. Parameters: $code, $official.
INSERT INTO mart_state VALUES ($code, $official)
