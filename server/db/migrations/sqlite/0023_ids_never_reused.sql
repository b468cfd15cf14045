-- Ids that are remembered after their row is deleted are never given twice,
-- as post ids since 0022. A SQLite rowid is max(rowid) + 1, so deleting a
-- table's newest row handed its id to the next insert, and what still named
-- the old row then named the new one:
--   sessions       a purged account's logins: this process's session cache
--                  (and the cluster's revocation list) still held the id as
--                  ended, so the next login was refused (auth/session_cache.hpp)
--   notifications  an unlike, unfollow or deletion removes one: a client
--                  marking read up to what it had shown ({upTo}) marked the
--                  next, unseen arrival read
--   comments       reports and the audit log keep a deleted comment's id: the
--                  resolved queue showed the next comment as the reported one
--   reports        a purged reporter's reports go: a moderator's queue still
--                  offered the id, and resolving it acted on another target
-- Tables whose rows are never deleted (users are tombstoned; conversations,
-- messages, exports, imports, hashtags, the audit log) cannot give an id
-- twice; pending sign-ups and invites are acted on by username and code; an
-- outbox row's id means nothing once the mail is sent (docs/architecture.md
-- "Data").
--
-- id_high_water holds the highest id each table ever gave. The stores take
-- the next one above it (store/id_high_water.hpp); whatever else inserts (the
-- seed) is checked by the triggers: an id given before aborts the insert.
-- PostgreSQL's identities never go back (its 0023 does nothing).
CREATE TABLE id_high_water (
  tbl  TEXT    PRIMARY KEY,
  last INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO id_high_water (tbl, last)
  SELECT 'sessions', coalesce(max(id), 0) FROM sessions
  UNION ALL SELECT 'notifications', coalesce(max(id), 0) FROM notifications
  UNION ALL SELECT 'comments', coalesce(max(id), 0) FROM comments
  UNION ALL SELECT 'reports', coalesce(max(id), 0) FROM reports;

CREATE TRIGGER sessions_fresh_id AFTER INSERT ON sessions BEGIN
  SELECT RAISE(ABORT, 'a session id is never given twice')
    WHERE NEW.id <= (SELECT last FROM id_high_water WHERE tbl = 'sessions');
  UPDATE id_high_water SET last = NEW.id WHERE tbl = 'sessions';
END;

CREATE TRIGGER notifications_fresh_id AFTER INSERT ON notifications BEGIN
  SELECT RAISE(ABORT, 'a notification id is never given twice')
    WHERE NEW.id <= (SELECT last FROM id_high_water WHERE tbl = 'notifications');
  UPDATE id_high_water SET last = NEW.id WHERE tbl = 'notifications';
END;

CREATE TRIGGER comments_fresh_id AFTER INSERT ON comments BEGIN
  SELECT RAISE(ABORT, 'a comment id is never given twice')
    WHERE NEW.id <= (SELECT last FROM id_high_water WHERE tbl = 'comments');
  UPDATE id_high_water SET last = NEW.id WHERE tbl = 'comments';
END;

CREATE TRIGGER reports_fresh_id AFTER INSERT ON reports BEGIN
  SELECT RAISE(ABORT, 'a report id is never given twice')
    WHERE NEW.id <= (SELECT last FROM id_high_water WHERE tbl = 'reports');
  UPDATE id_high_water SET last = NEW.id WHERE tbl = 'reports';
END;
