-- Mail (issue 14.1 and 14.2). The outbox: one row per mail to send, written in
-- the same unit as what caused it and deleted once the SMTP server took it
-- (server/mail/). next_attempt_at is when it is due; a worker that claims a row
-- moves it to the end of its lease (claimed_until), so no other worker takes
-- it meanwhile, and a failure moves it by the back-off. `fields` (JSON) may hold
-- a token: it lives only as long as the row.
CREATE TABLE outbox (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recipient       TEXT    NOT NULL,
  template        TEXT    NOT NULL,
  fields          TEXT    NOT NULL,
  created_at      BIGINT  NOT NULL,
  next_attempt_at BIGINT  NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  claimed_until   BIGINT,
  last_error      TEXT
);

CREATE INDEX outbox_due ON outbox (next_attempt_at, id);

-- Single-use tokens mailed to an account: a password reset, the confirmation
-- of its address, or of a new address (`email`: the address the token was
-- sent to, i.e. the new one for change_email). Only the SHA-256 is stored.
CREATE TABLE account_tokens (
  token_hash TEXT    PRIMARY KEY,
  user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose    TEXT    NOT NULL CHECK (purpose IN ('password_reset', 'verify_email', 'change_email')),
  email      TEXT    NOT NULL,
  created_at BIGINT  NOT NULL,
  expires_at BIGINT  NOT NULL,
  used_at    BIGINT
);

CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

-- When the account's current address was confirmed; NULL: not (yet). Accounts
-- from before this migration start unconfirmed.
ALTER TABLE users ADD COLUMN email_verified_at BIGINT;
