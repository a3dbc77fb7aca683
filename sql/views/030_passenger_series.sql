-- Passenger traffic series (all carriers or one airline group), latest release.
CREATE OR REPLACE VIEW passenger_series AS
SELECT
    reporter,
    partner,
    coalesce(entity, 'all carriers') AS carrier_scope,
    period_start,
    period_end,
    frequency,
    value AS passengers,
    qualifier,
    status,
    provider,
    release_id
FROM observation_latest
WHERE indicator = 'transport.passengers';
