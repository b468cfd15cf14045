-- Message requests and "delete for me" (issue 13.6, API.md "Safety and
-- moderation"), per member of a conversation:
--   accepted_at      NULL while the conversation is a message request for
--                    this member (started by, or the member added by, someone
--                    they do not follow or do restrict); set when they accept it
--                    or send in it. Until then the others get none of their
--                    presence, typing or read markers.
--   cleared_through  the conversation's last message id when the member
--                    deleted it (0: it had none), NULL if never: the
--                    conversation leaves their lists until a later message
--                    arrives, and they no longer see the messages up to it.
--   request_hidden   1 when a message that arrived while this was a request
--                    contained one of the member's hidden words: the request
--                    is in none of their folders (cleared by delete/accept).
-- Existing conversations were all in their members' inboxes: accepted.

ALTER TABLE conversation_members ADD COLUMN accepted_at INTEGER;
ALTER TABLE conversation_members ADD COLUMN cleared_through INTEGER;
ALTER TABLE conversation_members ADD COLUMN request_hidden INTEGER NOT NULL DEFAULT 0 CHECK (request_hidden IN (0, 1));
UPDATE conversation_members SET accepted_at = joined_at;
