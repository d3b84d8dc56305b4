-- API 5.5.12: shareMode (Public, or NULL for owner-only).

ALTER TABLE ModelVO ADD COLUMN shareMode VARCHAR(32);
