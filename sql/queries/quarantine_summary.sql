-- What was refused, by dataset and reason.
SELECT dataset, check_name, count(*) AS rows, min(input_name) AS example_input
FROM quarantine
GROUP BY dataset, check_name
ORDER BY rows DESC;
