-- Two-factor authentication, TOTP (issue 14.3, API.md "Accounts for real
-- life"). Times are UTC milliseconds, as in the PostgreSQL twin of this file,
-- so one SQL text serves both (store/two_factor_store.cpp).

-- One row per account that has started a setup. secret is the TOTP key
-- sealed under a key derived from the server's signing secret
-- (auth/secret_box.hpp), never the key itself. enabled_at NULL: a setup
-- waiting for its first code; logins ask for a code only once it is set.
-- last_step is the last TOTP time step accepted, so a code cannot be used
-- twice within its window (and nothing older than it is accepted either).
CREATE TABLE two_factor (
  user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  secret     TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  enabled_at INTEGER,
  last_step  INTEGER NOT NULL DEFAULT 0
) STRICT;

-- The single-use recovery codes, as SHA-256 hex of their canonical form.
CREATE TABLE two_factor_recovery_codes (
  user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash TEXT    NOT NULL,
  used_at   INTEGER,
  PRIMARY KEY (user_id, code_hash)
) STRICT;

-- A login that passed the password and waits for its second factor. Only the
-- SHA-256 of the challenge handed to the client is kept. flow remembers the
-- door it came through: 'cookie' (POST /auth/login) completes with cookies,
-- 'token' (POST /auth/token) with a token pair. failures counts wrong codes
-- against it (and, summed over an account's recent challenges, against the
-- account, which every instance sees alike).
CREATE TABLE two_factor_challenges (
  challenge_hash TEXT    PRIMARY KEY,
  user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  flow           TEXT    NOT NULL CHECK (flow IN ('cookie', 'token')),
  created_at     INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL,
  used_at        INTEGER,
  failures       INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX two_factor_challenges_user ON two_factor_challenges (user_id, created_at);
