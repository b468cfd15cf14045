-- Posts keep their highest id given in id_high_water (0023), as sessions,
-- notifications, comments and reports do, instead of a table of their own
-- (0022's post_ids): one mechanism, one way for a store to take an id
-- (store/id_high_water.hpp, LENSLET_NEXT_ID). The high water carried over is
-- the higher of post_ids.last and max(id), so no id ever given — a deleted
-- newest post's included — can be given again.
INSERT INTO id_high_water (tbl, last)
  SELECT 'posts', max(last, coalesce((SELECT max(id) FROM posts), 0)) FROM post_ids;

DROP TRIGGER posts_fresh_id;
DROP TABLE post_ids;

CREATE TRIGGER posts_fresh_id AFTER INSERT ON posts BEGIN
  SELECT RAISE(ABORT, 'a post id is never given twice')
    WHERE NEW.id <= (SELECT last FROM id_high_water WHERE tbl = 'posts');
  UPDATE id_high_water SET last = NEW.id WHERE tbl = 'posts';
END;
