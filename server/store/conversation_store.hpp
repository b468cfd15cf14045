#pragma once
// Conversations and their members (migration 0006): 1:1 conversations found or
// created race-free through conversations.direct_key, groups, membership, read
// markers with the stored unread counter, and the page loaders of the list.
// Messages themselves live in store/message_store.hpp.
//
// Serialising per conversation: every unit that must see the conversation's
// messages and members as of a consistent moment (a send, marking read, adding
// members) first calls Lock(), an UPDATE of the conversation row. On
// PostgreSQL that takes the row lock until the unit ends, so those units run
// one after the other per conversation and each of their later statements
// (READ COMMITTED) sees what the previous one committed; SQLite serialises
// every writer anyway.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {

// A conversation as one member sees it (their read marker and unread count).
struct ConversationRow {
  core::ConversationId id;
  std::optional<std::string> title;
  bool is_group = false;
  core::Millis created_at = 0;
  core::Millis updated_at = 0;
  std::optional<core::MessageId> last_message;
  std::optional<core::MessageId> last_read;  // the member's marker
  std::int64_t unread_count = 0;             // the member's counter
};

// One member of a conversation, with what the viewer's page shows of them.
struct ParticipantRow {
  core::ConversationId conversation;
  PublicUserRow user;
  std::optional<core::Millis> last_seen_at;
  std::optional<core::MessageId> last_read;  // their read marker ("Seen" after a reload)
  bool followed_by_me = false;   // the viewer follows them (accepted)
  bool requested_by_me = false;  // the viewer asked to follow them (pending)
};

// Keyset position in a member's list: newest activity first.
struct ConversationCursor {
  core::Millis updated_at = 0;
  core::ConversationId id;
};

struct DirectConversation {
  core::ConversationId id;
  bool created = false;  // false: it existed already
};

class ConversationStore {
 public:
  // The 1:1 conversation of `a` and `b` (a != b), created with both as members
  // when there is none. Race-free: concurrent calls for the same pair, in
  // either order, all answer the same conversation, and exactly one says
  // created.
  DirectConversation FindOrCreateDirect(db::Connection& c, core::UserId a, core::UserId b, core::Millis now) const;

  // A new group of `creator` and `others` (distinct, not containing creator).
  core::ConversationId CreateGroup(db::Connection& c, core::UserId creator, const std::optional<std::string>& title,
                                   std::span<const core::UserId> others, core::Millis now) const;

  // The conversation as `member` sees it; nullopt when there is no such
  // conversation or `member` is not (or no longer) one of its members.
  std::optional<ConversationRow> FindForMember(db::Connection& c, core::ConversationId id,
                                               core::UserId member) const;

  // `member`'s conversations after `after` (nullopt: from the newest), newest
  // activity (updated_at, then id) first. One statement.
  std::vector<ConversationRow> ListForMember(db::Connection& c, core::UserId member,
                                             const std::optional<ConversationCursor>& after, int limit) const;

  // The members of every conversation of `ids`, with `viewer`'s follow state
  // towards each, ordered by conversation then joining order. One statement
  // whatever the number of ids (none when empty).
  std::vector<ParticipantRow> Participants(db::Connection& c, std::span<const core::ConversationId> ids,
                                           core::UserId viewer) const;

  // How many of `member`'s conversations have unread messages (the Messages
  // badge on first load). One statement.
  std::int64_t CountUnreadConversations(db::Connection& c, core::UserId member) const;

  // Current member ids, in joining order.
  std::vector<core::UserId> MemberIds(db::Connection& c, core::ConversationId id) const;

  // See the header comment. Also moves updated_at to `now` when given.
  // False when there is no such conversation.
  bool Lock(db::Connection& c, core::ConversationId id, std::optional<core::Millis> now = std::nullopt) const;

  // Adds the users of `users` who are not members yet (their marker starts at
  // the latest message, unread 0). Returns those added, in the given order.
  std::vector<core::UserId> AddMembers(db::Connection& c, core::ConversationId id,
                                       std::span<const core::UserId> users, core::Millis now) const;
  // False when `user` was not a member.
  bool RemoveMember(db::Connection& c, core::ConversationId id, core::UserId user) const;

  // Moves `member`'s read marker forward to `message` (never backwards) and
  // recounts their unread messages after it (those others sent). Call Lock()
  // first in the same unit so no send slips between the count and the write.
  // True when the marker moved.
  bool MarkRead(db::Connection& c, core::ConversationId id, core::UserId member, core::MessageId message) const;

  // Everyone who shares at least one conversation with `user`. One statement.
  std::vector<core::UserId> Contacts(db::Connection& c, core::UserId user) const;

  // The users among `others` that `user` blocked or that blocked `user`. One
  // statement (none when `others` is empty).
  std::vector<core::UserId> InBlockRelation(db::Connection& c, core::UserId user,
                                            std::span<const core::UserId> others) const;
};

}  // namespace lenslet::store
