-- API 5.4.6: recommendedGpuNum (stored canonical, "1,2,4") and gpuConstraintDescription.

ALTER TABLE ModelVO ADD COLUMN recommendedGpuNum VARCHAR(255);
ALTER TABLE ModelVO ADD COLUMN gpuConstraintDescription VARCHAR(2048);
