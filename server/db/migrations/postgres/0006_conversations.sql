-- Direct messages: conversations (1:1 and groups of up to 32), their members
-- with a read marker and a stored unread counter, the messages, and when each
-- user's last device disconnected (users.last_seen_at, for presence).
-- Booleans are INTEGER 0/1 and times are UTC milliseconds, as in the SQLite
-- twin of this file, so one SQL text serves both (store/conversation_store.cpp,
-- store/message_store.cpp).

ALTER TABLE users ADD COLUMN last_seen_at BIGINT;

-- direct_key is "<smaller user id>:<larger user id>" for a 1:1 conversation and
-- NULL for a group: the unique index makes "find or create" race-free (INSERT
-- ... ON CONFLICT DO NOTHING, then SELECT). updated_at is the time of the last
-- message (or of creation / a membership change); the list is ordered by it.
-- last_message_id has no foreign key: messages reference conversations, and a
-- cycle would make either insert order awkward; the send unit keeps it true.
CREATE TABLE conversations (
  id              BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title           TEXT,
  is_group        INTEGER NOT NULL CHECK (is_group IN (0, 1)),
  direct_key      TEXT    UNIQUE,
  created_by      BIGINT  REFERENCES users (id) ON DELETE SET NULL,
  created_at      BIGINT  NOT NULL,
  updated_at      BIGINT  NOT NULL,
  last_message_id BIGINT,
  CHECK ((is_group = 1 AND direct_key IS NULL) OR (is_group = 0 AND direct_key IS NOT NULL AND title IS NULL))
);

-- unread_count counts the messages after last_read_message_id that others
-- sent; the send unit increments it for every other member in one statement,
-- marking read recomputes it (store/message_store.cpp).
CREATE TABLE conversation_members (
  conversation_id      BIGINT  NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id              BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  joined_at            BIGINT  NOT NULL,
  last_read_message_id BIGINT,
  unread_count         INTEGER NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
  PRIMARY KEY (conversation_id, user_id)
);

-- A user's conversations (the list, Contacts) and the cascade from users.
CREATE INDEX conversation_members_user ON conversation_members (user_id, conversation_id);
-- The list, newest activity first (keyset: updated_at, id).
CREATE INDEX conversations_updated ON conversations (updated_at, id);

-- (sender_id, client_id) is unique: the idempotency key of a send, so a retry
-- (a lost ack, a double tap, a reconnect) stores nothing new. An image message
-- has media_* set (the largest rendition's size, alt, BlurHash, average colour)
-- and its renditions in message_media_variants.
CREATE TABLE messages (
  id                   BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  conversation_id      BIGINT  NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  sender_id            BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  text                 TEXT    NOT NULL DEFAULT '',
  client_id            TEXT    NOT NULL,
  media_width          INTEGER CHECK (media_width > 0),
  media_height         INTEGER CHECK (media_height > 0),
  media_alt            TEXT,
  media_placeholder    TEXT,
  media_average_colour TEXT,
  created_at           BIGINT  NOT NULL,
  UNIQUE (sender_id, client_id)
);

-- A conversation's messages in id order (pages both ways, unread counts).
CREATE INDEX messages_conversation ON messages (conversation_id, id);

-- The renditions of a message's image, largest first (rank 0); each references
-- a blob (media_blobs.ref_count counts these rows too).
CREATE TABLE message_media_variants (
  message_id BIGINT  NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  rank       INTEGER NOT NULL CHECK (rank >= 0),
  blob_key   TEXT    NOT NULL REFERENCES media_blobs (key),
  width      INTEGER NOT NULL CHECK (width > 0),
  height     INTEGER NOT NULL CHECK (height > 0),
  mime_type  TEXT    NOT NULL,
  PRIMARY KEY (message_id, rank)
);

CREATE INDEX message_media_variants_blob ON message_media_variants (blob_key);
