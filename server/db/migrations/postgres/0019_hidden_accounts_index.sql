-- The deactivated accounts, indexed on their own (issue 16): every list and
-- lookup of others' rows asks hidden_accounts (0016) whether an author is
-- hidden, and without this index PostgreSQL answered the view's second half
-- by reading the whole users table once per statement — a home feed page on
-- 1,000 users read 2,116 pages for it. Partial: only the few accounts waiting
-- for their purge are in it.
CREATE INDEX users_deactivated ON users (id) WHERE deactivated_at IS NOT NULL;
