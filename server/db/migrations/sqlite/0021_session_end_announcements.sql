-- PostgreSQL announces ended logins here (see its 0021). An SQLite file has
-- one process, which ends every login itself: nothing to announce. The
-- number is kept so both databases count the same migrations.
SELECT 1;
