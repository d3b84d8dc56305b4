-- The management host's own tables, with ZStack's names and columns.
-- Dialect-neutral SQL; ids that need auto-increment live in dialect variants later.

CREATE TABLE AccountVO (
    uuid VARCHAR(32) NOT NULL PRIMARY KEY,
    name VARCHAR(255) NOT NULL UNIQUE,
    password VARCHAR(255) NOT NULL,
    type VARCHAR(128) NOT NULL,
    state VARCHAR(64) NOT NULL,
    description VARCHAR(2048),
    createDate TIMESTAMP NOT NULL,
    lastOpDate TIMESTAMP NOT NULL
);

CREATE TABLE SessionVO (
    uuid VARCHAR(32) NOT NULL PRIMARY KEY,
    accountUuid VARCHAR(32) NOT NULL REFERENCES AccountVO (uuid) ON DELETE CASCADE,
    userUuid VARCHAR(32) NOT NULL,
    expiredDate TIMESTAMP NOT NULL,
    createDate TIMESTAMP NOT NULL
);
CREATE INDEX idxSessionVOaccountUuid ON SessionVO (accountUuid);

-- Async API jobs and their results. requestHash identifies the request body so that a retry
-- with the same X-Job-UUID returns the same job.
CREATE TABLE AsyncRestVO (
    uuid VARCHAR(32) NOT NULL PRIMARY KEY,
    apiName VARCHAR(255) NOT NULL,
    accountUuid VARCHAR(32) NOT NULL,
    requestHash VARCHAR(64) NOT NULL,
    requestData TEXT,
    state VARCHAR(64) NOT NULL,
    result TEXT,
    createDate TIMESTAMP NOT NULL,
    lastOpDate TIMESTAMP NOT NULL
);
CREATE INDEX idxAsyncRestVOlastOpDate ON AsyncRestVO (lastOpDate);

CREATE TABLE ResourceVO (
    uuid VARCHAR(32) NOT NULL PRIMARY KEY,
    resourceName VARCHAR(255),
    resourceType VARCHAR(255) NOT NULL,
    concreteResourceType VARCHAR(512) NOT NULL
);

CREATE TABLE AccountResourceRefVO (
    resourceUuid VARCHAR(32) NOT NULL PRIMARY KEY REFERENCES ResourceVO (uuid) ON DELETE CASCADE,
    accountUuid VARCHAR(32) NOT NULL,
    ownerAccountUuid VARCHAR(32) NOT NULL,
    resourceType VARCHAR(255) NOT NULL,
    concreteResourceType VARCHAR(512) NOT NULL,
    type VARCHAR(32) NOT NULL,
    createDate TIMESTAMP NOT NULL,
    lastOpDate TIMESTAMP NOT NULL
);
CREATE INDEX idxAccountResourceRefVOaccountUuid ON AccountResourceRefVO (accountUuid);

-- toPublic = 1: visible to every account (shareMode Public).
CREATE TABLE SharedResourceVO (
    resourceUuid VARCHAR(32) NOT NULL REFERENCES ResourceVO (uuid) ON DELETE CASCADE,
    ownerAccountUuid VARCHAR(32) NOT NULL,
    receiverAccountUuid VARCHAR(32),
    resourceType VARCHAR(255) NOT NULL,
    toPublic SMALLINT NOT NULL,
    permission INTEGER NOT NULL,
    createDate TIMESTAMP NOT NULL,
    lastOpDate TIMESTAMP NOT NULL
);
CREATE INDEX idxSharedResourceVOresourceUuid ON SharedResourceVO (resourceUuid);

CREATE TABLE TagPatternVO (
    uuid VARCHAR(32) NOT NULL PRIMARY KEY REFERENCES ResourceVO (uuid) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    value VARCHAR(2048) NOT NULL,
    description VARCHAR(2048),
    color VARCHAR(64),
    type VARCHAR(64) NOT NULL,
    createDate TIMESTAMP NOT NULL,
    lastOpDate TIMESTAMP NOT NULL
);

CREATE TABLE SystemTagVO (
    uuid VARCHAR(32) NOT NULL PRIMARY KEY,
    resourceUuid VARCHAR(32) NOT NULL REFERENCES ResourceVO (uuid) ON DELETE CASCADE,
    resourceType VARCHAR(64) NOT NULL,
    inherent SMALLINT NOT NULL,
    type VARCHAR(32) NOT NULL,
    tag VARCHAR(2048) NOT NULL,
    createDate TIMESTAMP NOT NULL,
    lastOpDate TIMESTAMP NOT NULL
);
CREATE INDEX idxSystemTagVOresourceUuid ON SystemTagVO (resourceUuid);

CREATE TABLE UserTagVO (
    uuid VARCHAR(32) NOT NULL PRIMARY KEY,
    resourceUuid VARCHAR(32) NOT NULL REFERENCES ResourceVO (uuid) ON DELETE CASCADE,
    resourceType VARCHAR(64) NOT NULL,
    type VARCHAR(32) NOT NULL,
    tag VARCHAR(2048) NOT NULL,
    tagPatternUuid VARCHAR(32) REFERENCES TagPatternVO (uuid) ON DELETE CASCADE,
    createDate TIMESTAMP NOT NULL,
    lastOpDate TIMESTAMP NOT NULL
);
CREATE INDEX idxUserTagVOresourceUuid ON UserTagVO (resourceUuid);
