-- Releases already in the warehouse: a rerun of them is not a new release to hold against the band.
SELECT release_id FROM release;
