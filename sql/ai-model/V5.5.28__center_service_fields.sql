-- API 5.5.28: the model center and model service fields of ZStack SDK 5.1.20's actions.
-- The network, zone and image uuids name subsystems this host does not have: stored as given.

ALTER TABLE ModelCenterVO ADD COLUMN storageNetworkUuid VARCHAR(32);
ALTER TABLE ModelCenterVO ADD COLUMN serviceNetworkUuid VARCHAR(32);
ALTER TABLE ModelCenterVO ADD COLUMN containerRegistry VARCHAR(2048);
ALTER TABLE ModelCenterVO ADD COLUMN containerNetwork VARCHAR(255);
ALTER TABLE ModelCenterVO ADD COLUMN containerStorageNetwork VARCHAR(255);

ALTER TABLE ModelServiceVO ADD COLUMN dockerImage VARCHAR(2048);
ALTER TABLE ModelServiceVO ADD COLUMN vmImageUuid VARCHAR(32);
ALTER TABLE ModelServiceVO ADD COLUMN gpuComputeCapability VARCHAR(255);
ALTER TABLE ModelServiceVO ADD COLUMN system SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE ModelServiceVO ADD COLUMN pythonVersion VARCHAR(64);
ALTER TABLE ModelServiceVO ADD COLUMN condaVersion VARCHAR(64);
ALTER TABLE ModelServiceVO ADD COLUMN zoneUuid VARCHAR(32);
ALTER TABLE ModelServiceVO ADD COLUMN size BIGINT;
