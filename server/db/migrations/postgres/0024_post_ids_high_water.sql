-- SQLite only (its 0024 moves the posts' high water from post_ids into
-- id_high_water). A PostgreSQL identity column never gives an id twice:
-- nothing to do.
SELECT 1;
