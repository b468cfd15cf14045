-- Posts can be edited after posting (issue 14.5): caption and alt texts, by
-- their author. edited_at (UTC milliseconds, NULL = never edited) is the
-- "edited" mark clients show.
ALTER TABLE posts ADD COLUMN edited_at BIGINT;
