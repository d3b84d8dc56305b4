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

-- Indexed by node alone: a job's state changes twice, its node never (an index holding the
-- state would be rewritten on every job's result).
ALTER TABLE AsyncRestVO ADD COLUMN managementNodeUuid VARCHAR(32);
CREATE INDEX idxAsyncRestVOmanagementNodeUuid ON AsyncRestVO (managementNodeUuid);
