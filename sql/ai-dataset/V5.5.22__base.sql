-- ai-dataset schema as of its first release, 5.5.22: datasets, each of one model center.
-- modelCenterUuid names ai-model's ModelCenterVO without a foreign key: another plugin's table
-- is not this schema's to refer to; the plugin's cascade removes a center's datasets instead.

CREATE TABLE DatasetVO (
    uuid VARCHAR(32) NOT NULL PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    description VARCHAR(2048),
    url VARCHAR(2048) NOT NULL,
    installPath VARCHAR(2048),
    modelCenterUuid VARCHAR(32) NOT NULL,
    token VARCHAR(2048),
    size BIGINT NOT NULL,
    system SMALLINT NOT NULL,
    createDate TIMESTAMP NOT NULL,
    lastOpDate TIMESTAMP NOT NULL
);
CREATE INDEX idxDatasetVOmodelCenterUuid ON DatasetVO (modelCenterUuid);
