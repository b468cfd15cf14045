-- Instagram import (issue 14.8): the PostgreSQL twin of sqlite/0018_imports.sql,
-- which explains each table. Times are UTC milliseconds.
CREATE TABLE imports (
  id               BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id          BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  source           TEXT    NOT NULL DEFAULT 'instagram' CHECK (source IN ('instagram')),
  -- The archive's file name under <data-dir>/imports/, deleted when the import ends.
  archive          TEXT    NOT NULL,
  -- The data folder holding it (imports/folder-id): only instances on that
  -- folder may run the import; instances with folders of their own leave it.
  archive_folder   TEXT    NOT NULL DEFAULT '',
  status           TEXT    NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  -- Posts in the archive; each ends as done (imported), skipped or failed.
  total            BIGINT  NOT NULL DEFAULT 0 CHECK (total >= 0),
  done             BIGINT  NOT NULL DEFAULT 0 CHECK (done >= 0),
  skipped          BIGINT  NOT NULL DEFAULT 0 CHECK (skipped >= 0),
  failed           BIGINT  NOT NULL DEFAULT 0 CHECK (failed >= 0),
  -- Of the skipped: posts an earlier import already brought in.
  already_imported BIGINT  NOT NULL DEFAULT 0 CHECK (already_imported >= 0),
  photos           BIGINT  NOT NULL DEFAULT 0 CHECK (photos >= 0),
  videos_skipped   BIGINT  NOT NULL DEFAULT 0 CHECK (videos_skipped >= 0),
  -- The archive's posts before this index are handled: where a resumed run starts.
  next_item        BIGINT  NOT NULL DEFAULT 0 CHECK (next_item >= 0),
  -- Rows of import_problems (at most 100 are kept; the counters count all).
  problem_count    BIGINT  NOT NULL DEFAULT 0 CHECK (problem_count >= 0),
  -- Why the whole import failed (status 'failed'): a snake_case reason and a sentence.
  error_reason     TEXT,
  error_message    TEXT,
  attempts         BIGINT  NOT NULL DEFAULT 0,
  run_after        BIGINT  NOT NULL,
  claimed_by       TEXT,
  claimed_until    BIGINT  NOT NULL DEFAULT 0,
  created_at       BIGINT  NOT NULL,
  updated_at       BIGINT  NOT NULL,
  finished_at      BIGINT 
);
CREATE INDEX imports_user ON imports (user_id, id);
CREATE INDEX imports_waiting ON imports (run_after) WHERE status IN ('queued', 'running');
-- One import at a time per user: a second upload while one runs is 409.
CREATE UNIQUE INDEX imports_one_active ON imports (user_id) WHERE status IN ('queued', 'running');

-- What was imported for whom: the key of an archive post (imports/
-- instagram_posts.hpp ItemKey), written in the unit that inserts its post.
-- No foreign key to posts: deleting an imported post keeps its key, so
-- importing the same archive again does not bring back what was deleted.
CREATE TABLE imported_items (
  user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  source     TEXT    NOT NULL,
  item_key   TEXT    NOT NULL,
  post_id    BIGINT  NOT NULL,
  import_id  BIGINT  NOT NULL,
  created_at BIGINT  NOT NULL,
  PRIMARY KEY (user_id, source, item_key)
);

-- The final report: what was skipped or failed and why (the first 100).
CREATE TABLE import_problems (
  import_id BIGINT  NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  seq       BIGINT  NOT NULL,
  item      BIGINT  NOT NULL,  -- the post's index in the archive, from 0
  media     BIGINT ,           -- the photo's index in the post, when about one photo
  uri       TEXT    NOT NULL DEFAULT '',
  outcome   TEXT    NOT NULL CHECK (outcome IN ('skipped', 'failed')),
  reason    TEXT    NOT NULL,
  message   TEXT    NOT NULL,
  PRIMARY KEY (import_id, seq)
);

-- Imported posts keep their original dates, so the post lists order by date:
-- the home feed, a user's posts and tag pages page by (created_at, id) instead
-- of id alone (store/feed_store.cpp). A post imported today from 2016 lands
-- among 2016's posts, not on top of everyone's feed.
DROP INDEX posts_author;
CREATE INDEX posts_author ON posts (author_id, created_at, id);
DROP INDEX post_hashtags_tag;
CREATE INDEX post_hashtags_tag ON post_hashtags (hashtag_id, created_at, post_id);
