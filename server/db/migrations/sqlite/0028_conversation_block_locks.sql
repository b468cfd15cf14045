-- PostgreSQL only (its 0028 makes a block and a concurrent message,
-- conversation start or group between the same people wait for each other).
-- SQLite runs write units one at a time (BEGIN IMMEDIATE), so a send's read of
-- blocks and its insert cannot straddle a block: nothing to do.
SELECT 1;
