-- The lake's data files and delete files, over every table (pipelines/warehouse.py, compact).
SELECT coalesce(sum(file_count), 0)::BIGINT AS data_files, coalesce(sum(delete_file_count), 0)::BIGINT AS delete_files
FROM ducklake_table_info('corridor')
