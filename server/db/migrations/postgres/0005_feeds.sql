-- Indexes for search (api/search, store/search_store.cpp). The feeds, explore
-- and tag pages need none beyond 0004's (posts_author, posts_created,
-- post_hashtags_tag, saves_user).
--
-- PostgreSQL matches prefixes with LIKE 'abc%'; under a non-C database
-- collation only a text_pattern_ops index can serve that (the 0001 unique
-- indexes cannot), and a range on the default collation would be wrong
-- ('.' and '_' are ignored at the first level of most locales).
CREATE INDEX users_username_prefix ON users (lower(username) text_pattern_ops);
CREATE INDEX users_display_name_prefix ON users (lower(display_name) text_pattern_ops);
CREATE INDEX hashtags_name_prefix ON hashtags (name text_pattern_ops);
