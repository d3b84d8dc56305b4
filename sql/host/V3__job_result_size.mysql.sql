-- Each job result's size, so that AsyncRestVO can be kept within host.jobs.maxStoredBytes
-- without reading the results (NULL for results recorded before: counted as empty).
ALTER TABLE AsyncRestVO ADD COLUMN resultSize BIGINT;
-- MariaDB's TEXT holds 64 KiB; a result (an inventory with its logo, say) may hold megabytes.
ALTER TABLE AsyncRestVO MODIFY result LONGTEXT;
