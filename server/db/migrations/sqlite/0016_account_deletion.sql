-- Deleting one's account (issue 14.6; API.md "Accounts for real life"). Times
-- are UTC milliseconds, as in the PostgreSQL twin of this file.
--
-- users.deactivated_at: when the owner asked to leave (NULL: an active
-- account). From then on the account is hidden from everyone by the same rule
-- that hides the suspended (the view hidden_accounts below); logging in before
-- users.delete_at clears both. users.purged_at: the purge has finished and
-- the row is a tombstone (no username, email or password of the person; it
-- stays so that the messages they sent keep a sender, shown as a deleted user).
ALTER TABLE users ADD COLUMN deactivated_at INTEGER;
ALTER TABLE users ADD COLUMN delete_at INTEGER;
ALTER TABLE users ADD COLUMN purged_at INTEGER;

-- Everyone the privacy policy hides from others: the suspended in force
-- (staff may still see them) and the deactivated (nobody sees them). Every
-- list hides both through LENSLET_NOT_SUSPENDED (store/suspension_store.hpp),
-- an anti-join on user_id; each arm is a primary-key probe.
CREATE VIEW hidden_accounts AS
  SELECT user_id, 1 AS staff_may_see FROM suspended_accounts
  UNION ALL
  SELECT id AS user_id, 0 AS staff_may_see FROM users WHERE deactivated_at IS NOT NULL;

-- The purge job of a deactivated account: written in the unit that
-- deactivates it, deleted by a login that restores it or when the purge has
-- finished. due_at: when a worker may next take it (delete_at at first, later
-- moved by the back-off after a failure). A worker claims it by setting
-- claimed_until (a lease renewed with every batch) and claim_token (its own
-- random value, so a worker whose lease lapsed can no longer write).
CREATE TABLE account_purges (
  user_id       INTEGER PRIMARY KEY REFERENCES users (id),
  due_at        INTEGER NOT NULL,
  claimed_until INTEGER NOT NULL DEFAULT 0,
  claim_token   TEXT    NOT NULL DEFAULT '',
  attempts      INTEGER NOT NULL DEFAULT 0,
  last_error    TEXT    NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX account_purges_due ON account_purges (due_at);

-- Media files a purge batch released, written in the batch's unit and removed
-- once the files are gone: a purge killed between the commit and the unlink
-- finds them here when it resumes.
CREATE TABLE account_purge_files (
  user_id  INTEGER NOT NULL REFERENCES users (id),
  blob_key TEXT    NOT NULL,
  PRIMARY KEY (user_id, blob_key)
) STRICT;
