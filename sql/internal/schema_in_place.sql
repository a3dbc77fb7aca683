-- How many of the tables, views and macros sql/schema and sql/views declare are in the current database
-- (pipelines/warehouse.py, apply_schema). Parameters: $tables, $views, $macros (names).
SELECT
    (SELECT count(*) FROM duckdb_tables()
     WHERE database_name = current_database() AND schema_name = 'main' AND list_contains($tables, table_name)),
    (SELECT count(*) FROM duckdb_views()
     WHERE NOT internal AND database_name = current_database() AND schema_name = 'main'
       AND list_contains($views, view_name)),
    (SELECT count(DISTINCT function_name) FROM duckdb_functions()
     WHERE database_name = current_database() AND schema_name = 'main' AND list_contains($macros, function_name))
