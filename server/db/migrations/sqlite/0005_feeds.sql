-- Indexes for search (api/search, store/search_store.cpp). The feeds, explore
-- and tag pages need none beyond 0004's (posts_author, posts_created,
-- post_hashtags_tag, saves_user).
--
-- SQLite matches prefixes with a range on lower(...) (binary order), which an
-- expression index on the same expression serves; users_username_lower (0001)
-- covers usernames, this one display names.
CREATE INDEX users_display_name_lower ON users (lower(display_name));
