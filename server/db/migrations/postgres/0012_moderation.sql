-- Moderation (issue 13.2, 13.3; API.md "Safety and moderation"): reports, the
-- message context a report keeps, suspensions, the append-only audit log, and
-- the two notifications moderation sends to an author. Times are UTC
-- milliseconds, as in the SQLite twin of this file (which explains each table).

CREATE TABLE reports (
  id          BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reporter_id BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  target_type TEXT    NOT NULL CHECK (target_type IN ('post', 'comment', 'user', 'message')),
  target_id   BIGINT  NOT NULL,
  reason      TEXT    NOT NULL CHECK (reason IN ('spam', 'harassment', 'hate', 'nudity', 'violence',
                                                 'self_harm', 'impersonation', 'other')),
  note        TEXT    NOT NULL DEFAULT '',
  status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  resolution  TEXT    CHECK (resolution IN ('dismiss', 'remove', 'suspend', 'warn', 'deleted')),
  resolved_by BIGINT  REFERENCES users (id) ON DELETE SET NULL,
  resolved_at BIGINT,
  created_at  BIGINT  NOT NULL,
  CHECK ((status = 'open') = (resolution IS NULL))
);
CREATE UNIQUE INDEX reports_open_once ON reports (reporter_id, target_type, target_id) WHERE status = 'open';
CREATE INDEX reports_target ON reports (target_type, target_id, status);
CREATE INDEX reports_status ON reports (status, id);
CREATE INDEX reports_reporter ON reports (reporter_id, id);

CREATE TABLE report_messages (
  report_id  BIGINT  NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  message_id BIGINT  NOT NULL,
  sender_id  BIGINT  REFERENCES users (id) ON DELETE SET NULL,
  text       TEXT    NOT NULL,
  had_image  INTEGER NOT NULL CHECK (had_image IN (0, 1)),
  created_at BIGINT  NOT NULL,
  PRIMARY KEY (report_id, message_id)
);

CREATE TABLE suspensions (
  user_id      BIGINT  PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  reason       TEXT    NOT NULL,
  until        BIGINT,
  suspended_by BIGINT  REFERENCES users (id) ON DELETE SET NULL,
  created_at   BIGINT  NOT NULL
);

-- The suspensions in force now (the clock is the only dialect difference).
CREATE VIEW suspended_accounts AS
  SELECT user_id FROM suspensions
  WHERE until IS NULL OR until > (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT;

CREATE TABLE moderation_audit (
  id          BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor_id    BIGINT  NOT NULL,
  action      TEXT    NOT NULL CHECK (action IN ('dismiss', 'remove_post', 'remove_comment', 'warn',
                                                 'suspend', 'unsuspend')),
  target_type TEXT    NOT NULL CHECK (target_type IN ('post', 'comment', 'user', 'message')),
  target_id   BIGINT  NOT NULL,
  reason      TEXT    NOT NULL DEFAULT '',
  created_at  BIGINT  NOT NULL
);
CREATE FUNCTION moderation_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'moderation_audit is append-only';
END;
$$;
CREATE TRIGGER moderation_audit_append_only BEFORE UPDATE OR DELETE ON moderation_audit
  FOR EACH ROW EXECUTE FUNCTION moderation_audit_append_only();

-- 'content_removed' and 'warning': their actor is the recipient and audit_id
-- names the action (whose reason they show); the constraints replaced are
-- the ones 0007 named.
ALTER TABLE notifications ADD COLUMN audit_id BIGINT REFERENCES moderation_audit (id);
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_type_check
  CHECK (type IN ('like', 'comment', 'follow', 'follow_request', 'mention', 'security',
                  'content_removed', 'warning'));
ALTER TABLE notifications DROP CONSTRAINT notifications_self_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_self_check
  CHECK (recipient_id <> actor_id OR type IN ('security', 'content_removed', 'warning'));
DROP INDEX notifications_identity;
CREATE UNIQUE INDEX notifications_identity
  ON notifications (recipient_id, type, actor_id, coalesce(post_id, 0), coalesce(comment_id, 0),
                    coalesce(audit_id, 0));
