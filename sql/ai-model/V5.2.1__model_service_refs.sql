-- API 5.2.1: AddModel binds model services (modelServiceUuids), one ref row each.

CREATE TABLE ModelServiceRefVO (
    uuid VARCHAR(32) NOT NULL PRIMARY KEY,
    modelUuid VARCHAR(32) NOT NULL,
    modelServiceUuid VARCHAR(32) NOT NULL,
    createDate TIMESTAMP NOT NULL,
    lastOpDate TIMESTAMP NOT NULL,
    CONSTRAINT ukModelServiceRefVOmodelService UNIQUE (modelUuid, modelServiceUuid),
    CONSTRAINT fkModelServiceRefVOmodelUuid FOREIGN KEY (modelUuid) REFERENCES ModelVO (uuid) ON DELETE CASCADE,
    CONSTRAINT fkModelServiceRefVOmodelServiceUuid FOREIGN KEY (modelServiceUuid) REFERENCES ModelServiceVO (uuid) ON DELETE CASCADE
);
CREATE INDEX idxModelServiceRefVOmodelServiceUuid ON ModelServiceRefVO (modelServiceUuid);
