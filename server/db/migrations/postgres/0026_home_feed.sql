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
ALTER TABLE users ADD COLUMN feed_since BIGINT NOT NULL DEFAULT 0;

CREATE TABLE home_feed (
  owner_id   BIGINT  NOT NULL,
  created_at BIGINT  NOT NULL,
  post_id    BIGINT  NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  author_id  BIGINT  NOT NULL,
  PRIMARY KEY (owner_id, created_at, post_id)
);

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

-- The one-statement follow's copy (store/plain_follow.cpp). A statement reads
-- one snapshot, taken before it waited for the followee's row: a post that
-- held the row and committed meanwhile would be missing from both its own
-- fan-out (the follow was not committed) and the copy. A VOLATILE function's
-- statements take a new snapshot, after the wait.
CREATE FUNCTION home_feed_copy_followed(follower BIGINT, followee BIGINT) RETURNS INTEGER
  LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  copied INTEGER;
BEGIN
  INSERT INTO home_feed (owner_id, created_at, post_id, author_id)
    SELECT follower, p.created_at, p.id, p.author_id FROM posts p
    WHERE p.author_id = followee AND p.created_at >= (SELECT o.feed_since FROM users o WHERE o.id = follower)
    ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS copied = ROW_COUNT;
  RETURN copied;
END
$$;
