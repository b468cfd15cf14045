-- Posts and what hangs off them: media, likes, comments, saves, hashtags, and
-- the reference counts of the content-addressed media files.
-- Booleans are INTEGER 0/1 and times are UTC milliseconds, as in the SQLite
-- twin of this file, so one SQL text serves both.
--
-- Every counter here (posts.like_count, posts.comment_count,
-- hashtags.post_count, users.post_count, media_blobs.ref_count) is updated in
-- the same transaction as the rows it counts (store/post_store.cpp and friends).

CREATE TABLE posts (
  id            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  author_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  caption       TEXT    NOT NULL DEFAULT '',
  like_count    INTEGER NOT NULL DEFAULT 0 CHECK (like_count >= 0),
  comment_count INTEGER NOT NULL DEFAULT 0 CHECK (comment_count >= 0),
  created_at    BIGINT  NOT NULL
);

-- A user's posts, newest first (keyset: id); also the home feed per followee.
CREATE INDEX posts_author ON posts (author_id, id);
-- Explore: recent posts.
CREATE INDEX posts_created ON posts (created_at);

-- One file of the store (DiskBlobStore key "ab/cd/<sha256>.<ext>") and how many
-- rows use it: post_media_variants rows and users.avatar_key. The file is
-- deleted when the count reaches 0 (the row goes with it), after the unit commits.
CREATE TABLE media_blobs (
  key       TEXT    PRIMARY KEY,
  ref_count INTEGER NOT NULL CHECK (ref_count >= 0)
);

-- The images of a post, in order (position 0 first). width/height are those of
-- the largest stored rendition, upright. placeholder is a BlurHash,
-- average_colour "#rrggbb".
CREATE TABLE post_media (
  post_id        BIGINT  NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  position       INTEGER NOT NULL CHECK (position >= 0 AND position < 10),
  width          INTEGER NOT NULL CHECK (width > 0),
  height         INTEGER NOT NULL CHECK (height > 0),
  alt            TEXT    NOT NULL DEFAULT '',
  placeholder    TEXT    NOT NULL,
  average_colour TEXT    NOT NULL,
  PRIMARY KEY (post_id, position)
);

-- The renditions of one image, largest first (rank 0), each a blob.
CREATE TABLE post_media_variants (
  post_id   BIGINT  NOT NULL,
  position  INTEGER NOT NULL,
  rank      INTEGER NOT NULL CHECK (rank >= 0),
  blob_key  TEXT    NOT NULL REFERENCES media_blobs (key),
  width     INTEGER NOT NULL CHECK (width > 0),
  height    INTEGER NOT NULL CHECK (height > 0),
  mime_type TEXT    NOT NULL,
  PRIMARY KEY (post_id, position, rank),
  FOREIGN KEY (post_id, position) REFERENCES post_media (post_id, position) ON DELETE CASCADE
);

CREATE INDEX post_media_variants_blob ON post_media_variants (blob_key);

CREATE TABLE likes (
  user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  post_id    BIGINT  NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  created_at BIGINT  NOT NULL,
  PRIMARY KEY (user_id, post_id)
);

-- Who liked a post; the cascade from posts.
CREATE INDEX likes_post ON likes (post_id, created_at);

CREATE TABLE comments (
  id         BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  post_id    BIGINT  NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  author_id  BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  text       TEXT    NOT NULL,
  created_at BIGINT  NOT NULL
);

-- A post's comments, oldest first (keyset: id).
CREATE INDEX comments_post ON comments (post_id, id);
CREATE INDEX comments_author ON comments (author_id);

CREATE TABLE saves (
  user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  post_id    BIGINT  NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  created_at BIGINT  NOT NULL,
  PRIMARY KEY (user_id, post_id)
);

-- The caller's saved posts, newest save first (keyset: created_at, post_id).
CREATE INDEX saves_user ON saves (user_id, created_at, post_id);
CREATE INDEX saves_post ON saves (post_id);

-- name is lowercased, without '#', at most 100 characters. post_count counts
-- post_hashtags rows.
CREATE TABLE hashtags (
  id         BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       TEXT    NOT NULL UNIQUE,
  post_count INTEGER NOT NULL DEFAULT 0 CHECK (post_count >= 0)
);

CREATE TABLE post_hashtags (
  post_id    BIGINT  NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  hashtag_id BIGINT  NOT NULL REFERENCES hashtags (id) ON DELETE CASCADE,
  created_at BIGINT  NOT NULL,
  PRIMARY KEY (post_id, hashtag_id)
);

-- A tag page, newest first (keyset: post_id).
CREATE INDEX post_hashtags_tag ON post_hashtags (hashtag_id, post_id);

-- Deleting a post or a comment removes the notifications about it.
CREATE INDEX notifications_post ON notifications (post_id) WHERE post_id IS NOT NULL;
CREATE INDEX notifications_comment ON notifications (comment_id) WHERE comment_id IS NOT NULL;
