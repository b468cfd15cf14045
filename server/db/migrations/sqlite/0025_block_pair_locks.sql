-- PostgreSQL only (its 0025 makes a block and a concurrent follow or
-- notification between the same two people wait for each other). SQLite runs
-- write units one at a time (BEGIN IMMEDIATE), so a follow's read of blocks
-- and its insert cannot straddle a block: nothing to do.
SELECT 1;
