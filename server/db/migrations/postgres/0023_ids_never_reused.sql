-- SQLite only (its 0023 keeps the ids of deleted sessions, notifications,
-- comments and reports from being given again). A PostgreSQL identity column
-- never gives an id twice: nothing to do.
SELECT 1;
