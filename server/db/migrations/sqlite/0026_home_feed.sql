-- The home feed, materialised (fan-out on write; store/home_feed_store.hpp).
-- Read by fan-out on read, a page descended posts_author once per account
-- followed: five buffers each, O(followings) per page (0.37 ms of
-- PostgreSQL's CPU per page at 29 followings, and people follow hundreds).
-- home_feed holds, per owner, the posts of the accounts they follow
-- (accepted) and their own, written as posts and follows are; a page is one
-- range of it (0.19 ms at 29 followings, and flat as followings grow).
--
-- A row is a candidate, never a permission: the read checks the follow, the
-- mutes and the hidden accounts again, exactly as the fan-out-on-read page
-- did, so a row an unfollow, block or race left behind shows nothing.
--
-- users.feed_since bounds what a feed must hold: every post the owner should
-- see with created_at >= feed_since is in it. A follow copies at most a
-- bounded number of the followee's posts and raises feed_since above the
-- rest; below it the page falls back to fan-out on read.
ALTER TABLE users ADD COLUMN feed_since INTEGER NOT NULL DEFAULT 0;

CREATE TABLE home_feed (
  owner_id   INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  post_id    INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  author_id  INTEGER NOT NULL,
  PRIMARY KEY (owner_id, created_at, post_id)
) STRICT, WITHOUT ROWID;

-- owner_id has no foreign key: users rows are never deleted (a purge
-- tombstones the row and deletes its feed), and a post's fan-out would check
-- one per follower. A deleted post's rows go by the cascade, found by post
-- (PostStore::Delete takes the author's row first, as a follow does before
-- its copy reads the posts).
CREATE INDEX home_feed_post ON home_feed (post_id);

INSERT INTO home_feed (owner_id, created_at, post_id, author_id)
  SELECT f.follower_id, p.created_at, p.id, p.author_id
  FROM follows f JOIN posts p ON p.author_id = f.followee_id WHERE f.accepted = 1
  UNION ALL SELECT p.author_id, p.created_at, p.id, p.author_id FROM posts p;
