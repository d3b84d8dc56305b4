-- MySQL variant of V5.1.8__base.sql: the 16 MiB texts need LONGTEXT (TEXT holds 64 KiB).
-- Keep in step with V5.1.8__base.sql.

CREATE TABLE ModelCenterVO (
    uuid VARCHAR(32) NOT NULL PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    description VARCHAR(2048),
    url VARCHAR(2048) NOT NULL,
    managementIp VARCHAR(255) NOT NULL,
    managementPort INTEGER NOT NULL,
    parameters LONGTEXT,
    createDate TIMESTAMP NOT NULL,
    lastOpDate TIMESTAMP NOT NULL
);

CREATE TABLE ModelServiceVO (
    uuid VARCHAR(32) NOT NULL PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    description VARCHAR(2048),
    yaml LONGTEXT NOT NULL,
    modelCenterUuid VARCHAR(32) NOT NULL,
    requestCpu INTEGER NOT NULL,
    requestMemory BIGINT NOT NULL,
    installPath VARCHAR(2048) NOT NULL,
    startCommand VARCHAR(2048) NOT NULL,
    type VARCHAR(32) NOT NULL,
    framework VARCHAR(32) NOT NULL,
    vendor VARCHAR(255),
    createDate TIMESTAMP NOT NULL,
    lastOpDate TIMESTAMP NOT NULL,
    CONSTRAINT fkModelServiceVOmodelCenterUuid FOREIGN KEY (modelCenterUuid) REFERENCES ModelCenterVO (uuid) ON DELETE CASCADE
);
CREATE INDEX idxModelServiceVOmodelCenterUuid ON ModelServiceVO (modelCenterUuid);

CREATE TABLE ModelVO (
    uuid VARCHAR(32) NOT NULL PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    description VARCHAR(2048),
    installPath VARCHAR(2048) NOT NULL,
    parameters LONGTEXT,
    modelCenterUuid VARCHAR(32) NOT NULL,
    logo LONGTEXT,
    vendor VARCHAR(255),
    introduction LONGTEXT,
    size BIGINT NOT NULL,
    version VARCHAR(255),
    token VARCHAR(2048),
    type VARCHAR(32) NOT NULL,
    minGpuMemory BIGINT,
    recommendedGpuMemory BIGINT,
    extraGpuMemRequest BIGINT,
    versionSemver VARCHAR(255),
    artifactChecksum VARCHAR(255),
    artifactSizeBytes BIGINT,
    architectureType VARCHAR(64),
    frameworkVersion VARCHAR(64),
    requiredAccelerator VARCHAR(64),
    pipelineTag VARCHAR(64),
    sampleSize INTEGER,
    createDate TIMESTAMP NOT NULL,
    lastOpDate TIMESTAMP NOT NULL,
    CONSTRAINT fkModelVOmodelCenterUuid FOREIGN KEY (modelCenterUuid) REFERENCES ModelCenterVO (uuid) ON DELETE CASCADE
);
CREATE INDEX idxModelVOname ON ModelVO (name);
CREATE INDEX idxModelVOmodelCenterUuid ON ModelVO (modelCenterUuid);
