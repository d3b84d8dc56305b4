-- A login deletes its account's expired sessions. With the expiry in the index it finds them
-- directly; on accountUuid alone it read every live session of the account, so that an account
-- with thousands of sessions paid for each of them at every login.
CREATE INDEX idxSessionVOaccountExpiry ON SessionVO (accountUuid, expiredDate);
DROP INDEX idxSessionVOaccountUuid;
