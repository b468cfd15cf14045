-- A block and a follow or notification between the same two people are
-- serialised (READ COMMITTED). A follow, like, comment, request or mention
-- decides from its snapshot that the two are not blocked; a block committing
-- after that read but before the write's insert deleted follows and
-- notifications that were not yet there, and the write then left a follow or
-- a notification between blocked people. SQLite runs write units one at a
-- time (BEGIN IMMEDIATE): its 0025 is a no-op.
--
-- One lock per pair, an advisory lock held until the transaction ends: a
-- block's insert takes it exclusively (a trigger, so every block does), and
-- every insert into follows or of a notification between two people takes it
-- shared, then looks for a block with a snapshot taken after the lock (a
-- VOLATILE function's query in READ COMMITTED). So either the block waits
-- for the write's commit and its later statements delete what it wrote, or
-- the write waits for the block's commit and sees it: its row is not
-- inserted (the trigger returns NULL), as when the write's own read had seen
-- the block. The one-statement writes stay one statement: a function call
-- per inserted row, no round trip. Blocks are rare, so the exclusive side
-- waiting for in-flight writes costs nothing on the hot path.
--
-- WARNING: the lock is taken before any row lock of the inserting statement
-- (the trigger fires before the row is written), and a block takes it before
-- its deletes and counter updates: a unit that locks users, follows or
-- notifications rows and only then inserts a follow or a notification could
-- deadlock with a block (see docs/architecture.md, "Data").

-- The pair's key, the same either way round: exact for ids below 2^32;
-- above, two pairs may share a key, which only makes one wait for the other.
-- Advisory locks are the database's, not the schema's: the schema's name is
-- mixed in (as the migrations' lock does), so instances (or tests) with a
-- schema each in one database do not wait for each other's pairs.
CREATE FUNCTION pair_lock_key(a BIGINT, b BIGINT) RETURNS BIGINT
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN ((least(a, b) << 32) | (greatest(a, b) & 4294967295)) # (hashtext(current_schema())::bigint << 32);

-- True when neither has blocked the other, once any block of the pair in
-- flight has ended. A bulk load (`lenslet seed`: tens of thousands of
-- follows in one transaction, more advisory locks than the server's lock
-- table holds) sets lenslet.bulk_load for its transaction and skips the lock.
CREATE FUNCTION pair_unblocked(a BIGINT, b BIGINT) RETURNS BOOLEAN LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF current_setting('lenslet.bulk_load', true) = 'on' THEN
    RETURN true;
  END IF;
  PERFORM pg_advisory_xact_lock_shared(pair_lock_key(a, b));
  -- A new snapshot, taken after the lock: it sees a block that committed
  -- while this waited.
  RETURN NOT EXISTS (SELECT 1 FROM blocks WHERE (blocker_id = a AND blocked_id = b)
                                            OR (blocker_id = b AND blocked_id = a));
END
$$;

CREATE FUNCTION follow_when_unblocked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pair_unblocked(NEW.follower_id, NEW.followee_id) THEN
    RETURN NEW;
  END IF;
  RETURN NULL;  -- not inserted: ON CONFLICT DO NOTHING's answer, nothing returned
END
$$;

CREATE TRIGGER follows_between_unblocked BEFORE INSERT ON follows
  FOR EACH ROW EXECUTE FUNCTION follow_when_unblocked();

CREATE FUNCTION notification_when_unblocked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pair_unblocked(NEW.recipient_id, NEW.actor_id) THEN
    RETURN NEW;
  END IF;
  RETURN NULL;
END
$$;

-- Moderation notices and login alerts name their recipient as actor: no pair.
CREATE TRIGGER notifications_between_unblocked BEFORE INSERT ON notifications
  FOR EACH ROW WHEN (NEW.recipient_id <> NEW.actor_id) EXECUTE FUNCTION notification_when_unblocked();

CREATE FUNCTION block_takes_pair_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(pair_lock_key(NEW.blocker_id, NEW.blocked_id));
  RETURN NEW;
END
$$;

CREATE TRIGGER blocks_take_pair_lock BEFORE INSERT ON blocks
  FOR EACH ROW EXECUTE FUNCTION block_takes_pair_lock();
