-- Per outlet and speaker: claims checked, supported, contradicted, with an example of each.
SELECT claimant_kind, claimant, articles, claims, checked, supported, not_contradicted, contradicted,
       supported_share, supported_example, contradicted_example
FROM claimant_record
ORDER BY claimant_kind, checked DESC, claimant;
