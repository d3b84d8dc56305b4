-- Several management nodes on one database: each node's row, kept fresh by its heartbeat, and
-- the node that runs each job, so that the jobs of a node that died are marked failed.

CREATE TABLE ManagementNodeVO (
    uuid VARCHAR(32) NOT NULL PRIMARY KEY,
    hostName VARCHAR(255) NOT NULL,
    port INTEGER NOT NULL,
    version VARCHAR(32) NOT NULL,
    joinDate TIMESTAMP NOT NULL,
    heartBeat TIMESTAMP NOT NULL
);

ALTER TABLE AsyncRestVO ADD COLUMN managementNodeUuid VARCHAR(32);
CREATE INDEX idxAsyncRestVOstateNode ON AsyncRestVO (state, managementNodeUuid);
