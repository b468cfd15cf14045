-- The public accounts' ids, indexed on their own (issue 16). Explore checks a
-- ranked page of ids again before showing it (FeedStore::ExploreAmong: the
-- author is public, not hidden, not followed, not blocked). Run as a prepared
-- generic plan, PostgreSQL joined those ~64 posts to their authors by reading
-- the whole users table (2,000 people: 246 pages, 0.9 ms, the mix's costliest
-- statement per call); with this index it probes the authors (0.2 ms). Rows
-- are wide (bios, hashes), so the seq scan grows with every signup.
CREATE INDEX users_public ON users (id) WHERE is_private = 0;
