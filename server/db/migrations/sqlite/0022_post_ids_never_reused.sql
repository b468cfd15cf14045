-- A post's id is never given twice. A SQLite rowid is max(rowid) + 1, so
-- deleting the newest post handed its id to the next one, and whatever
-- remembers a post by its id — the server's rendered posts and images
-- (store/post_keyed_cache.hpp, exact only while an id names one post), a
-- client's cache, a link someone kept — could show the deleted post, a
-- private one included, as the new one. PostgreSQL's identity never goes back.
--
-- `post_ids` holds the highest id ever given. PostStore::Insert takes the next
-- one above it; whatever else inserts a post (the seed) is checked here: an
-- id given before aborts the insert instead of reusing it.
CREATE TABLE post_ids (last INTEGER NOT NULL) STRICT;
INSERT INTO post_ids (last) SELECT coalesce(max(id), 0) FROM posts;

CREATE TRIGGER posts_fresh_id AFTER INSERT ON posts BEGIN
  SELECT RAISE(ABORT, 'a post id is never given twice') WHERE NEW.id <= (SELECT last FROM post_ids);
  UPDATE post_ids SET last = NEW.id;
END;
