-- The social graph: who follows whom (or asked to), and who blocked whom.
-- Booleans are INTEGER 0/1 and times are UTC milliseconds, as in the PostgreSQL
-- twin of this file, so one SQL text serves both.

-- One row per (follower, followee). A follow of a private account starts as a
-- request (accepted = 0) and becomes a follow when the owner accepts it.
-- users.follower_count / following_count count accepted rows only and are
-- updated in the same transaction as every change here (store/follow_store.cpp).
-- created_at is when the row reached its current state (requested, or
-- followed/accepted): lists are ordered by it, newest first.
CREATE TABLE follows (
  follower_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  followee_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  accepted    INTEGER NOT NULL CHECK (accepted IN (0, 1)),
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (follower_id, followee_id),
  CHECK (follower_id <> followee_id)
) STRICT;

-- Followers of a user and pending requests to a user (keyset: created_at, follower_id).
CREATE INDEX follows_followee ON follows (followee_id, accepted, created_at, follower_id);
-- Whom a user follows (keyset: created_at, followee_id).
CREATE INDEX follows_follower ON follows (follower_id, accepted, created_at, followee_id);

-- blocker_id blocked blocked_id. Either direction hides the two users from
-- each other; blocking also removes follows and requests both ways.
CREATE TABLE blocks (
  blocker_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  blocked_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (blocker_id, blocked_id),
  CHECK (blocker_id <> blocked_id)
) STRICT;

-- "Is there a block either way" looks up both (a, b) and (b, a) by primary key;
-- this one serves "who blocked me" and the ON DELETE CASCADE from users.
CREATE INDEX blocks_blocked ON blocks (blocked_id, blocker_id);
