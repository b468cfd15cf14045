-- Notifications of type 'security' (issue 17.4): wrong passwords on the
-- recipient's own account. Their actor is the recipient, so the rule "nobody
-- is notified of their own actions" excepts them. SQLite cannot change a
-- CHECK in place: the table is rebuilt with its rows, ids and indexes.

CREATE TABLE notifications_new (
  id           INTEGER PRIMARY KEY,
  recipient_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  type         TEXT    NOT NULL
               CHECK (type IN ('like', 'comment', 'follow', 'follow_request', 'mention', 'security')),
  actor_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  post_id      INTEGER,
  comment_id   INTEGER,
  is_read      INTEGER NOT NULL DEFAULT 0 CHECK (is_read IN (0, 1)),
  created_at   INTEGER NOT NULL,
  CHECK (recipient_id <> actor_id OR type = 'security')
) STRICT;

INSERT INTO notifications_new (id, recipient_id, type, actor_id, post_id, comment_id, is_read, created_at)
  SELECT id, recipient_id, type, actor_id, post_id, comment_id, is_read, created_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;

CREATE UNIQUE INDEX notifications_identity
  ON notifications (recipient_id, type, actor_id, coalesce(post_id, 0), coalesce(comment_id, 0));
CREATE INDEX notifications_recipient ON notifications (recipient_id, id);
CREATE INDEX notifications_unread ON notifications (recipient_id, id) WHERE is_read = 0;
CREATE INDEX notifications_actor ON notifications (actor_id, recipient_id);
CREATE INDEX notifications_post ON notifications (post_id) WHERE post_id IS NOT NULL;
CREATE INDEX notifications_comment ON notifications (comment_id) WHERE comment_id IS NOT NULL;
