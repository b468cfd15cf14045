-- A login that ends announces it to every listening process (issue 16):
-- NOTIFY on the channel lenslet_session_ended with the session's id,
-- delivered when the ending transaction commits. Without Redis, this is what
-- lets each instance keep "this login is active" in memory instead of reading
-- the sessions table on every request (cluster/pg_session_ends.hpp). A
-- trigger rather than a statement in each path: logouts, password changes,
-- suspensions, account deletions and a cascade from users all end logins.
CREATE FUNCTION announce_session_end() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('lenslet_session_ended', OLD.id::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER sessions_announce_revoked AFTER UPDATE OF revoked_at ON sessions
  FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
  EXECUTE FUNCTION announce_session_end();

-- Deleting a login that had not ended ends it too (an expired one announces
-- nothing: every cached answer already stops at the session's expiry).
CREATE TRIGGER sessions_announce_deleted AFTER DELETE ON sessions
  FOR EACH ROW WHEN (OLD.revoked_at IS NULL)
  EXECUTE FUNCTION announce_session_end();
