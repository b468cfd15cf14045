-- SQLite only (its 0022 keeps a deleted post's id from being given again).
-- A PostgreSQL identity column never gives an id twice: nothing to do.
SELECT 1;
