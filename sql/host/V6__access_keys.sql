-- ZStack's access keys (AccessKeyVO): an id and a secret that sign requests as their account
-- does (Authorization: ZStack <AccessKeyID>:<signature>). AccessKeySecret holds the secret
-- sealed under the host key (AES-256-GCM, with the id of the key that sealed it), never the
-- secret itself. The id is unique: it alone names the key on every request.
CREATE TABLE AccessKeyVO (
    uuid VARCHAR(32) NOT NULL PRIMARY KEY REFERENCES ResourceVO (uuid) ON DELETE CASCADE,
    accountUuid VARCHAR(32) NOT NULL REFERENCES AccountVO (uuid) ON DELETE CASCADE,
    userUuid VARCHAR(32) NOT NULL,
    description VARCHAR(2048),
    AccessKeyID VARCHAR(32) NOT NULL UNIQUE,
    AccessKeySecret VARCHAR(255) NOT NULL,
    state VARCHAR(32) NOT NULL,
    createDate TIMESTAMP NOT NULL,
    lastOpDate TIMESTAMP NOT NULL
);
CREATE INDEX idxAccessKeyVOaccountUuid ON AccessKeyVO (accountUuid);

-- The access key a job was submitted with (NULL: a session). Such a job may also be polled by
-- its uuid alone with 'Authorization: OAuth null', as the ZStack SDKs poll after a signed call.
ALTER TABLE AsyncRestVO ADD COLUMN accessKeyUuid VARCHAR(32);
