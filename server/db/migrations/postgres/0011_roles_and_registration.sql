-- Roles and who may sign up (issue 13.1 and 13.4, API.md "Safety and
-- moderation"). Times are UTC milliseconds, as in the SQLite twin of this
-- file, so one SQL text serves both (store/role_store.cpp,
-- store/registration_store.cpp).

-- Every account has a role; staff (moderator, admin) reach /admin endpoints,
-- which read it afresh on every request (api/admin/staff.hpp).
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'user'
  CHECK (role IN ('user', 'moderator', 'admin'));

-- An instance that already has accounts gets its first one as admin: the same
-- rule a fresh instance applies to its first sign-up. `lenslet admin role`
-- changes it.
UPDATE users SET role = 'admin' WHERE id = (SELECT min(id) FROM users);

-- One row that every sign-up updates first: a row lock that serialises
-- sign-ups on PostgreSQL (SQLite serialises writers anyway), so "is this the
-- first account?", the --max-users count, and username checks across users
-- and pending_accounts are exact. sign_ups counts accounts ever created.
CREATE TABLE registration_gate (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  sign_ups BIGINT  NOT NULL DEFAULT 0
);
INSERT INTO registration_gate (id, sign_ups) VALUES (1, 0);

-- --registration approval: a sign-up waits here, not in users, until staff
-- approve it (moved into users) or reject it (deleted). Nothing else sees
-- it: it has no profile, cannot be followed, messaged or found. Its username
-- and email stay taken meanwhile.
CREATE TABLE pending_accounts (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username      TEXT   NOT NULL,
  email         TEXT   NOT NULL,
  password_hash TEXT   NOT NULL,
  display_name  TEXT   NOT NULL DEFAULT '',
  created_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX pending_accounts_username_lower ON pending_accounts (lower(username));
CREATE UNIQUE INDEX pending_accounts_email_lower ON pending_accounts (lower(email));

-- --registration invite: codes made by staff, each good for `uses` sign-ups
-- until expires_at. A sign-up decrements uses_left with one conditional
-- UPDATE, so two concurrent sign-ups cannot both take the last use.
CREATE TABLE invites (
  id         BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code       TEXT    NOT NULL UNIQUE,
  created_by BIGINT  REFERENCES users (id) ON DELETE SET NULL,
  uses       INTEGER NOT NULL CHECK (uses > 0),
  uses_left  INTEGER NOT NULL CHECK (uses_left >= 0 AND uses_left <= uses),
  expires_at BIGINT  NOT NULL,
  created_at BIGINT  NOT NULL
);
