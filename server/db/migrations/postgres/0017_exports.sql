-- Exports of "my data" (issue 14.7): one row per request, run by the export
-- job (api/exports/export_worker.cpp). Booleans are INTEGER 0/1 and times are
-- UTC milliseconds, as in the SQLite twin of this file.
--
-- status: pending (to build, or being built while claimed_until is in the
-- future), ready (the archive <data-dir>/exports/<id>.zip is complete and
-- served until expires_at), failed (gave up after the last attempt), expired
-- (the file was deleted). A build claims the row with a lease: claimed_until
-- and a fresh claim_token, renewed while it runs; only the holder of the
-- token may mark it ready, so two instances never build one row twice.
CREATE TABLE exports (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  status        TEXT    NOT NULL CHECK (status IN ('pending', 'ready', 'failed', 'expired')),
  attempts      BIGINT NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  run_after     BIGINT NOT NULL,
  claimed_until BIGINT,
  claim_token   TEXT,
  size_bytes    BIGINT,
  etag          TEXT,
  last_error    TEXT,
  created_at    BIGINT NOT NULL,
  ready_at      BIGINT,
  expires_at    BIGINT
);

-- One export at a time per user: a second request while one is pending finds
-- it (INSERT ... ON CONFLICT DO NOTHING, then SELECT).
CREATE UNIQUE INDEX exports_one_pending ON exports (user_id) WHERE status = 'pending';
-- The user's latest export (GET /users/me/export).
CREATE INDEX exports_user ON exports (user_id, id);
-- The job's two scans: pending rows to claim, ready rows to expire.
CREATE INDEX exports_pending ON exports (run_after) WHERE status = 'pending';
CREATE INDEX exports_ready ON exports (expires_at) WHERE status = 'ready';
