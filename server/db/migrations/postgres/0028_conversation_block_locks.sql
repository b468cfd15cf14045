-- A block and a message, a conversation start or a group between the same
-- people are serialised (READ COMMITTED), as 0025 does for follows and
-- notifications. Those writes read "not blocked" in their snapshot, and a
-- block touches no conversation row, so nothing made the two wait for each
-- other: a message committed into a 1:1 after the block that closes it (and
-- message:new reached the blocker after their block), a group message was
-- counted and delivered to a member who had just blocked its sender, and a
-- 1:1 or a group formed between people who had just blocked each other.
--
-- The same per-pair lock as 0025 (pair_lock_key), taken shared:
--  - by every insert into messages, for its sender and each other member (a
--    trigger). In a 1:1 it then looks for a block with a snapshot taken after
--    the lock and inserts nothing when there is one (the one-statement send
--    falls back to its unit, which answers 403). A group carries a blocked
--    pair's messages (API.md: hidden from each other when read); the lock only
--    makes a block in flight end first, so the unit's later statements (its
--    unread counts, whom it tells) see it, or makes the block wait for the
--    unit.
--  - by pair_blocks, pairs_blocked and conversation_blocks below, which the
--    writers call to read who blocked whom before they write (a conversation
--    start; a group formed or grown; the facts of the one-statement send in a
--    group).
--
-- WARNING: as in 0025, a unit must take these locks before it locks users,
-- follows or notifications rows (a block holds the pair's lock while it
-- deletes and updates those): no conversation write locks any of them.

-- Who blocked whom of a and b once any block of the pair in flight has ended:
-- 1 when a blocked b, 2 when b blocked a, 3 both, 0 neither. Holds the pair's
-- lock shared until the transaction ends, so a later block waits for it.
CREATE FUNCTION pair_blocks(a BIGINT, b BIGINT) RETURNS INTEGER LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  seen INTEGER := 0;
BEGIN
  IF current_setting('lenslet.bulk_load', true) IS DISTINCT FROM 'on' THEN
    PERFORM pg_advisory_xact_lock_shared(pair_lock_key(a, b));
  END IF;
  -- A new snapshot, taken after the lock.
  SELECT COALESCE(sum(CASE WHEN blocker_id = a THEN 1 ELSE 2 END), 0) INTO seen FROM blocks
   WHERE (blocker_id = a AND blocked_id = b) OR (blocker_id = b AND blocked_id = a);
  RETURN seen;
END
$$;

-- Whether some user of `joining` and some user of `everyone` blocked each
-- other (either way), once any block of such a pair in flight has ended;
-- holds every pair's lock shared. One call for a whole group (31 x 32 / 2
-- pairs at most): forming or growing one.
CREATE FUNCTION pairs_blocked(joining BIGINT[], everyone BIGINT[]) RETURNS BOOLEAN
  LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF current_setting('lenslet.bulk_load', true) IS DISTINCT FROM 'on' THEN
    PERFORM pg_advisory_xact_lock_shared(pair_lock_key(p.a, p.b))
       FROM (SELECT DISTINCT least(j, e) AS a, greatest(j, e) AS b FROM unnest(joining) j, unnest(everyone) e
              WHERE j <> e) p;
  END IF;
  RETURN EXISTS (SELECT 1 FROM blocks WHERE (blocker_id = ANY (joining) AND blocked_id = ANY (everyone))
                                         OR (blocker_id = ANY (everyone) AND blocked_id = ANY (joining)));
END
$$;

-- The members of a conversation who and `sender` blocked each other (either
-- way), once any block of theirs in flight has ended; holds each pair's lock
-- shared (sender and every other member) until the transaction ends. For
-- the one-statement send in a group: one call per message, not per member.
CREATE FUNCTION conversation_blocks(conversation BIGINT, sender BIGINT) RETURNS BIGINT[]
  LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF current_setting('lenslet.bulk_load', true) IS DISTINCT FROM 'on' THEN
    PERFORM pg_advisory_xact_lock_shared(pair_lock_key(sender, m.user_id)) FROM conversation_members m
     WHERE m.conversation_id = conversation AND m.user_id <> sender;
  END IF;
  RETURN ARRAY(SELECT m.user_id FROM conversation_members m WHERE m.conversation_id = conversation
                  AND m.user_id <> sender AND EXISTS (SELECT 1 FROM blocks b WHERE
                      (b.blocker_id = sender AND b.blocked_id = m.user_id) OR
                      (b.blocker_id = m.user_id AND b.blocked_id = sender)));
END
$$;

-- Every message insert. Two queries in a 1:1 (the other member comes from
-- direct_key, "<smaller id>:<larger id>"), the locks only in a group.
CREATE FUNCTION message_between_unblocked() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  grp INTEGER;
  pair TEXT;
  other BIGINT;
BEGIN
  IF current_setting('lenslet.bulk_load', true) = 'on' THEN
    RETURN NEW;
  END IF;
  SELECT c.is_group, c.direct_key INTO grp, pair FROM conversations c WHERE c.id = NEW.conversation_id;
  IF grp = 1 THEN
    PERFORM pg_advisory_xact_lock_shared(pair_lock_key(NEW.sender_id, m.user_id)) FROM conversation_members m
     WHERE m.conversation_id = NEW.conversation_id AND m.user_id <> NEW.sender_id;
    RETURN NEW;
  END IF;
  IF pair IS NULL THEN
    RETURN NEW;
  END IF;
  other := split_part(pair, ':', 1)::bigint;
  IF other = NEW.sender_id THEN
    other := split_part(pair, ':', 2)::bigint;
  END IF;
  PERFORM pg_advisory_xact_lock_shared(pair_lock_key(NEW.sender_id, other));
  -- A new snapshot, taken after the lock.
  IF EXISTS (SELECT 1 FROM blocks WHERE (blocker_id = NEW.sender_id AND blocked_id = other)
                                     OR (blocker_id = other AND blocked_id = NEW.sender_id)) THEN
    RETURN NULL;  -- not inserted: ON CONFLICT DO NOTHING's answer, nothing returned
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER messages_between_unblocked BEFORE INSERT ON messages
  FOR EACH ROW EXECUTE FUNCTION message_between_unblocked();
