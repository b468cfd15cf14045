-- PostgreSQL indexes the public accounts' ids here (see its 0020): its generic
-- plans read the whole users table to join a few posts to their public
-- authors. SQLite looks each author up by rowid and needs no index; the
-- number is kept so both databases count the same migrations.
SELECT 1;
