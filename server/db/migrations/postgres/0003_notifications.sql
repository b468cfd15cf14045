-- Notifications: "actor did <type> to recipient (on post / comment)".
-- Booleans are INTEGER 0/1 and times are UTC milliseconds, as in the SQLite
-- twin of this file, so one SQL text serves both.
--
-- post_id and comment_id have no foreign keys yet: posts and comments arrive
-- in a later migration, which adds them (or the cleanup) when those tables exist.

CREATE TABLE notifications (
  id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recipient_id BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  type         TEXT    NOT NULL CHECK (type IN ('like', 'comment', 'follow', 'follow_request', 'mention')),
  actor_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  post_id      BIGINT,
  comment_id   BIGINT,
  is_read      INTEGER NOT NULL DEFAULT 0 CHECK (is_read IN (0, 1)),
  created_at   BIGINT  NOT NULL,
  -- Nobody is notified of their own actions.
  CHECK (recipient_id <> actor_id)
);

-- At most one notification per (recipient, type, actor, post, comment), so
-- follow → unfollow → follow or like → unlike → like never stacks them.
-- coalesce(..., 0) because NULLs are distinct in a unique index; ids start at 1.
CREATE UNIQUE INDEX notifications_identity
  ON notifications (recipient_id, type, actor_id, coalesce(post_id, 0), coalesce(comment_id, 0));
-- The recipient's list, newest first (keyset: id).
CREATE INDEX notifications_recipient ON notifications (recipient_id, id);
-- unreadCount and "mark read" touch only the unread ones.
CREATE INDEX notifications_unread ON notifications (recipient_id, id) WHERE is_read = 0;
-- Removing everything between two users (blocks) and the cascade from users.
CREATE INDEX notifications_actor ON notifications (actor_id, recipient_id);
