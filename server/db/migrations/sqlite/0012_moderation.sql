-- Moderation (issue 13.2, 13.3; API.md "Safety and moderation"): reports, the
-- message context a report keeps, suspensions, the append-only audit log, and
-- the two notifications moderation sends to an author. Times are UTC
-- milliseconds, as in the PostgreSQL twin of this file.

-- One report of one target by one reporter. While it is open, the same
-- reporter reporting the same target gets this report back (the partial
-- unique index makes that race-free: INSERT … ON CONFLICT DO NOTHING). Once
-- resolved, a new report of the same target is a new row. target_id names a
-- post, comment, user or message (no foreign key: four tables); a post or
-- comment deleted by any path resolves its open reports in the same unit
-- (store/report_store.hpp CloseForTarget).
CREATE TABLE reports (
  id          INTEGER PRIMARY KEY,
  reporter_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  target_type TEXT    NOT NULL CHECK (target_type IN ('post', 'comment', 'user', 'message')),
  target_id   INTEGER NOT NULL,
  reason      TEXT    NOT NULL CHECK (reason IN ('spam', 'harassment', 'hate', 'nudity', 'violence',
                                                 'self_harm', 'impersonation', 'other')),
  note        TEXT    NOT NULL DEFAULT '',
  status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  -- dismiss | remove | suspend | warn (a moderator), deleted (the content went by its author's hand)
  resolution  TEXT    CHECK (resolution IN ('dismiss', 'remove', 'suspend', 'warn', 'deleted')),
  resolved_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  resolved_at INTEGER,
  created_at  INTEGER NOT NULL,
  CHECK ((status = 'open') = (resolution IS NULL))
) STRICT;
CREATE UNIQUE INDEX reports_open_once ON reports (reporter_id, target_type, target_id) WHERE status = 'open';
-- Every report of a target (the queue's groups, resolving a target).
CREATE INDEX reports_target ON reports (target_type, target_id, status);
-- The queue: targets ordered by their latest report.
CREATE INDEX reports_status ON reports (status, id);
-- The per-reporter rate limit is in memory; this serves "my reports" lookups.
CREATE INDEX reports_reporter ON reports (reporter_id, id);

-- What a message report keeps of its conversation: the reported message and
-- at most the 10 before it, copied when the report is made, so moderators
-- read the context even after the messages are gone.
CREATE TABLE report_messages (
  report_id  INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  message_id INTEGER NOT NULL,
  sender_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
  text       TEXT    NOT NULL,
  had_image  INTEGER NOT NULL CHECK (had_image IN (0, 1)),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (report_id, message_id)
) STRICT;

-- Who is suspended, why and until when (NULL: until lifted). Lifting deletes
-- the row; the audit log keeps the history.
CREATE TABLE suspensions (
  user_id      INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  reason       TEXT    NOT NULL,
  until        INTEGER,
  suspended_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at   INTEGER NOT NULL
) STRICT;

-- The suspensions in force now: every query that hides the suspended joins
-- this (NOT EXISTS on its primary key), so "past `until` no longer applies"
-- needs no sweeper. The clock is the only dialect difference, kept here.
CREATE VIEW suspended_accounts AS
  SELECT user_id FROM suspensions
  WHERE until IS NULL OR until > CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER);

-- Append-only: the code has no UPDATE or DELETE of it, and the triggers refuse
-- one from anywhere else. actor_id has no foreign key so that deleting an
-- account never rewrites history.
CREATE TABLE moderation_audit (
  id          INTEGER PRIMARY KEY,
  actor_id    INTEGER NOT NULL,
  action      TEXT    NOT NULL CHECK (action IN ('dismiss', 'remove_post', 'remove_comment', 'warn',
                                                 'suspend', 'unsuspend')),
  target_type TEXT    NOT NULL CHECK (target_type IN ('post', 'comment', 'user', 'message')),
  target_id   INTEGER NOT NULL,
  reason      TEXT    NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL
) STRICT;
CREATE TRIGGER moderation_audit_no_update BEFORE UPDATE ON moderation_audit
  BEGIN SELECT RAISE(ABORT, 'moderation_audit is append-only'); END;
CREATE TRIGGER moderation_audit_no_delete BEFORE DELETE ON moderation_audit
  BEGIN SELECT RAISE(ABORT, 'moderation_audit is append-only'); END;

-- Notifications 'content_removed' and 'warning' tell an author what a
-- moderator did; their actor is the recipient (moderators stay anonymous, as
-- for 'security') and audit_id names the action, whose reason they show.
-- audit_id joins the identity, so every action is its own notification.
-- SQLite cannot change a CHECK in place: the table is rebuilt with its rows,
-- ids and indexes (as 0007 did).
CREATE TABLE notifications_new (
  id           INTEGER PRIMARY KEY,
  recipient_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  type         TEXT    NOT NULL
               CHECK (type IN ('like', 'comment', 'follow', 'follow_request', 'mention', 'security',
                               'content_removed', 'warning')),
  actor_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  post_id      INTEGER,
  comment_id   INTEGER,
  is_read      INTEGER NOT NULL DEFAULT 0 CHECK (is_read IN (0, 1)),
  created_at   INTEGER NOT NULL,
  audit_id     INTEGER REFERENCES moderation_audit (id),
  CHECK (recipient_id <> actor_id OR type IN ('security', 'content_removed', 'warning'))
) STRICT;

INSERT INTO notifications_new (id, recipient_id, type, actor_id, post_id, comment_id, is_read, created_at)
  SELECT id, recipient_id, type, actor_id, post_id, comment_id, is_read, created_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;

CREATE UNIQUE INDEX notifications_identity
  ON notifications (recipient_id, type, actor_id, coalesce(post_id, 0), coalesce(comment_id, 0),
                    coalesce(audit_id, 0));
CREATE INDEX notifications_recipient ON notifications (recipient_id, id);
CREATE INDEX notifications_unread ON notifications (recipient_id, id) WHERE is_read = 0;
CREATE INDEX notifications_actor ON notifications (actor_id, recipient_id);
CREATE INDEX notifications_post ON notifications (post_id) WHERE post_id IS NOT NULL;
CREATE INDEX notifications_comment ON notifications (comment_id) WHERE comment_id IS NOT NULL;
