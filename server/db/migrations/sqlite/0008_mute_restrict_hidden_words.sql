-- Quiet tools a person uses on others without telling them (issue 13.5,
-- API.md "Safety and moderation"). Times are UTC milliseconds, as in the
-- PostgreSQL twin of this file.

-- muter_id muted muted_id: the muted account's posts leave the muter's feed
-- and its activity leaves the muter's notifications. Nothing is visible to
-- the muted account.
CREATE TABLE mutes (
  muter_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  muted_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (muter_id, muted_id),
  CHECK (muter_id <> muted_id)
) STRICT;
CREATE INDEX mutes_muted ON mutes (muted_id, muter_id);

-- restrictor_id restricted restricted_id: the restricted account's new
-- comments on the restrictor's posts are visible only to the two of them,
-- its messages arrive as requests, and it never gets the restrictor's
-- presence, typing or read markers.
CREATE TABLE restricts (
  restrictor_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  restricted_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (restrictor_id, restricted_id),
  CHECK (restrictor_id <> restricted_id)
) STRICT;
CREATE INDEX restricts_restricted ON restricts (restricted_id, restrictor_id);

-- Words a user does not want to read in comments on their posts or in
-- message requests. Stored folded to lower case; at most 100 per user
-- (enforced by the API, which replaces the whole list in one unit).
CREATE TABLE hidden_words (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  word    TEXT    NOT NULL,
  PRIMARY KEY (user_id, word)
) STRICT;
