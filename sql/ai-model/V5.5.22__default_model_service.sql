-- API 5.5.22: defaultModelServiceUuid (also bound through a ModelServiceRefVO row).

ALTER TABLE ModelVO ADD COLUMN defaultModelServiceUuid VARCHAR(32);
