-- Instagram import (issue 14.8; API.md "Accounts for real life"). An import is
-- a durable background job: its row is written with the uploaded archive and
-- claimed by one worker at a time with a lease (claimed_by, claimed_until), so
-- it survives restarts and kill -9 and two instances never run it at once.
-- Progress (next_item and the counters) is saved in the same unit as each
-- imported post, which is what makes a resumed import add nothing twice.
CREATE TABLE imports (
  id               INTEGER PRIMARY KEY,
  user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  source           TEXT    NOT NULL DEFAULT 'instagram' CHECK (source IN ('instagram')),
  -- The archive's file name under <data-dir>/imports/, deleted when the import ends.
  archive          TEXT    NOT NULL,
  -- The data folder holding it (imports/folder-id): only instances on that
  -- folder may run the import; instances with folders of their own leave it.
  archive_folder   TEXT    NOT NULL DEFAULT '',
  status           TEXT    NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  -- Posts in the archive; each ends as done (imported), skipped or failed.
  total            INTEGER NOT NULL DEFAULT 0 CHECK (total >= 0),
  done             INTEGER NOT NULL DEFAULT 0 CHECK (done >= 0),
  skipped          INTEGER NOT NULL DEFAULT 0 CHECK (skipped >= 0),
  failed           INTEGER NOT NULL DEFAULT 0 CHECK (failed >= 0),
  -- Of the skipped: posts an earlier import already brought in.
  already_imported INTEGER NOT NULL DEFAULT 0 CHECK (already_imported >= 0),
  photos           INTEGER NOT NULL DEFAULT 0 CHECK (photos >= 0),
  videos_skipped   INTEGER NOT NULL DEFAULT 0 CHECK (videos_skipped >= 0),
  -- The archive's posts before this index are handled: where a resumed run starts.
  next_item        INTEGER NOT NULL DEFAULT 0 CHECK (next_item >= 0),
  -- Rows of import_problems (at most 100 are kept; the counters count all).
  problem_count    INTEGER NOT NULL DEFAULT 0 CHECK (problem_count >= 0),
  -- Why the whole import failed (status 'failed'): a snake_case reason and a sentence.
  error_reason     TEXT,
  error_message    TEXT,
  attempts         INTEGER NOT NULL DEFAULT 0,
  run_after        INTEGER NOT NULL,
  claimed_by       TEXT,
  claimed_until    INTEGER NOT NULL DEFAULT 0,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  finished_at      INTEGER
) STRICT;
CREATE INDEX imports_user ON imports (user_id, id);
CREATE INDEX imports_waiting ON imports (run_after) WHERE status IN ('queued', 'running');
-- One import at a time per user: a second upload while one runs is 409.
CREATE UNIQUE INDEX imports_one_active ON imports (user_id) WHERE status IN ('queued', 'running');

-- What was imported for whom: the key of an archive post (imports/
-- instagram_posts.hpp ItemKey), written in the unit that inserts its post.
-- No foreign key to posts: deleting an imported post keeps its key, so
-- importing the same archive again does not bring back what was deleted.
CREATE TABLE imported_items (
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  source     TEXT    NOT NULL,
  item_key   TEXT    NOT NULL,
  post_id    INTEGER NOT NULL,
  import_id  INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, source, item_key)
) STRICT;

-- The final report: what was skipped or failed and why (the first 100).
CREATE TABLE import_problems (
  import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  seq       INTEGER NOT NULL,
  item      INTEGER NOT NULL,  -- the post's index in the archive, from 0
  media     INTEGER,           -- the photo's index in the post, when about one photo
  uri       TEXT    NOT NULL DEFAULT '',
  outcome   TEXT    NOT NULL CHECK (outcome IN ('skipped', 'failed')),
  reason    TEXT    NOT NULL,
  message   TEXT    NOT NULL,
  PRIMARY KEY (import_id, seq)
) STRICT;

-- Imported posts keep their original dates, so the post lists order by date:
-- the home feed, a user's posts and tag pages page by (created_at, id) instead
-- of id alone (store/feed_store.cpp). A post imported today from 2016 lands
-- among 2016's posts, not on top of everyone's feed.
DROP INDEX posts_author;
CREATE INDEX posts_author ON posts (author_id, created_at, id);
DROP INDEX post_hashtags_tag;
CREATE INDEX post_hashtags_tag ON post_hashtags (hashtag_id, created_at, post_id);
