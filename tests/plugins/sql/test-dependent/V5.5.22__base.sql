-- test-dependent (tests/plugins/dependent.cpp): notes on ai-model's model centers, and a row
-- per run of its cascade on ModelCenterVO. No foreign key to ModelCenterVO: the cascade runs
-- after ai-model deleted the center's row.

CREATE TABLE TestDependentNoteVO (
    uuid VARCHAR(32) NOT NULL PRIMARY KEY,
    modelCenterUuid VARCHAR(32) NOT NULL,
    note VARCHAR(255) NOT NULL
);

CREATE TABLE TestDependentCascadeVO (
    resourceUuid VARCHAR(32) NOT NULL,
    apiName VARCHAR(255) NOT NULL
);
