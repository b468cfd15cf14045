-- Mute, Restrict and Hidden words, the parts 0008 left to the features
-- (issue 13.5). As in the PostgreSQL twin of this file.

-- A comment written while its author was restricted by the post's author is
-- visible only to the two of them, for good: unrestricting later does not
-- publish it. Such comments are not in posts.comment_count (the count others
-- see), so the counter stays exact and cheap (store/comment_store.cpp).
ALTER TABLE comments ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1));

-- GET /users/me/muted and /users/me/restricted: newest first, keyset
-- (created_at, user id).
CREATE INDEX mutes_list ON mutes (muter_id, created_at, muted_id);
CREATE INDEX restricts_list ON restricts (restrictor_id, created_at, restricted_id);
