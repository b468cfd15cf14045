-- Accounts: users, their logins (sessions) and the rotating refresh tokens of
-- each login. Booleans are INTEGER 0/1 and times are UTC milliseconds, the same
-- as in the PostgreSQL twin of this file, so one SQL text serves both.
-- STRICT makes SQLite refuse a value of the wrong type instead of storing it.

CREATE TABLE users (
  id              INTEGER PRIMARY KEY,
  username        TEXT    NOT NULL,
  email           TEXT    NOT NULL,
  password_hash   TEXT    NOT NULL,
  display_name    TEXT    NOT NULL DEFAULT '',
  bio             TEXT    NOT NULL DEFAULT '',
  website         TEXT    NOT NULL DEFAULT '',
  avatar_key      TEXT,
  is_private      INTEGER NOT NULL DEFAULT 0 CHECK (is_private IN (0, 1)),
  post_count      INTEGER NOT NULL DEFAULT 0 CHECK (post_count >= 0),
  follower_count  INTEGER NOT NULL DEFAULT 0 CHECK (follower_count >= 0),
  following_count INTEGER NOT NULL DEFAULT 0 CHECK (following_count >= 0),
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
) STRICT;

-- Usernames and emails are unique without regard to case (API.md); lookups use
-- the same lower(...) expressions so they hit these indexes.
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));
CREATE UNIQUE INDEX users_email_lower ON users (lower(email));

-- One row per login (a browser or an API client). Logout sets revoked_at; the
-- access tokens of that login are checked against it on every request.
CREATE TABLE sessions (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  revoked_at   INTEGER,
  user_agent   TEXT    NOT NULL DEFAULT '',
  ip           TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX sessions_user_id ON sessions (user_id);

-- Only the SHA-256 (hex) of a refresh token is stored. Used tokens are kept
-- while their session lives so that presenting one again is detected as reuse.
CREATE TABLE refresh_tokens (
  token_hash TEXT    PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  used_at    INTEGER
) STRICT;

CREATE INDEX refresh_tokens_session_id ON refresh_tokens (session_id);
