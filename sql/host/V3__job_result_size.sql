-- Each job result's size, so that AsyncRestVO can be kept within host.jobs.maxStoredBytes
-- without reading the results (NULL for results recorded before: counted as empty).
ALTER TABLE AsyncRestVO ADD COLUMN resultSize BIGINT;
