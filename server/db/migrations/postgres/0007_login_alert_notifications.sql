-- Notifications of type 'security' (issue 17.4): wrong passwords on the
-- recipient's own account. Their actor is the recipient, so the rule "nobody
-- is notified of their own actions" excepts them. The constraints replaced
-- are the ones 0003 created, under PostgreSQL's generated names.

ALTER TABLE notifications DROP CONSTRAINT notifications_type_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_type_check
  CHECK (type IN ('like', 'comment', 'follow', 'follow_request', 'mention', 'security'));
ALTER TABLE notifications DROP CONSTRAINT notifications_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_self_check
  CHECK (recipient_id <> actor_id OR type = 'security');
