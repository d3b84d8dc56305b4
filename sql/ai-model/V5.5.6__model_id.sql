-- API 5.5.6: modelId, e.g. Qwen/Qwen1.5-32B (the family isLatestVersion compares within).

ALTER TABLE ModelVO ADD COLUMN modelId VARCHAR(255);
CREATE INDEX idxModelVOmodelId ON ModelVO (modelId);
