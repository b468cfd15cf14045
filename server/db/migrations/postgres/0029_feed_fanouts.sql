-- A post by an account with more followers than a post's unit writes home
-- feed rows for (HomeFeedStore::FanOut, --feed-fanout-inline) is fanned out
-- in the background instead, a batch of followers per unit
-- (store/feed_fanout_queue.hpp, app/feed_fanout_worker.hpp): one row here
-- per post still being delivered. Deleting the post ends its delivery.
CREATE TABLE feed_fanouts (
  post_id    BIGINT PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
  author_id  BIGINT NOT NULL,
  created_at BIGINT NOT NULL,  -- the post's
  -- The followers are walked in the order of follows_followee (the follow's
  -- created_at, then the follower's id); those up to here have their row.
  after_followed_at BIGINT NOT NULL DEFAULT -1,
  after_follower    BIGINT NOT NULL DEFAULT 0,
  -- Batches delivered so far: the worker takes the post with the fewest
  -- first, so one post to a million followers does not hold up the rest.
  turn BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX feed_fanouts_turn ON feed_fanouts (turn, post_id);
