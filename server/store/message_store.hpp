#pragma once
// Messages of conversations (migration 0006): the idempotent send unit and the
// page loaders. Who may send or read is the caller's business (api/
// conversations checks membership in the same unit).
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/conversation_store.hpp"
#include "store/post_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {

struct MessageRow {
  core::MessageId id;
  core::ConversationId conversation;
  PublicUserRow sender;
  std::string text;
  // An attached image, shaped like a post's (position 0; variants largest first).
  std::optional<PostMediaRow> media;
  std::string client_id;
  core::Millis created_at = 0;
};

struct NewMessage {
  core::ConversationId conversation;
  core::UserId sender;
  std::string text;
  std::string client_id;
  std::optional<PostMediaRow> media;
  core::Millis now = 0;
};

struct InsertedMessage {
  core::MessageId id;
  // The conversation the message belongs to: for a repeated client id, that
  // of the original, which may differ from the one asked for.
  core::ConversationId conversation;
  bool created = false;  // false: (sender, client id) was stored before; id is the original
  // Nothing inserted nor found: on PostgreSQL, a 1:1 of a blocked pair
  // (migration 0028's trigger refuses the row). id is 0.
  bool refused = false;
  // Blob keys that nobody referenced before this unit: see MediaStore::AddRefs.
  std::vector<std::string> new_blobs;
};

// Who reads a conversation's messages: none of a user in a block relation
// with them (either way) is listed, nor any with an id up to `floor` (what
// they deleted; ConversationRow::history_floor). A zero user sees everything.
struct MessageReader {
  core::UserId user;
  std::int64_t floor = 0;
};

// What InsertInOneStatement kept.
struct SentMessageRow {
  MessageRow message;  // the new message, or the original of a repeated client id
  bool created = false;
  // When created: every member as MembersAround lists them, as of the send.
  std::vector<MemberFacts> members;
};

class MessageStore {
 public:
  // The send unit, in this order:
  //   1. locks the conversation row (ConversationStore::Lock), so sends into
  //      one conversation commit one after the other and its message ids grow
  //      in commit order (what ?after= catch-up relies on);
  //   2. inserts the message, or finds the one this sender stored with this
  //      client id before (created = false; nothing else changes);
  //   3. its media and blob references;
  //   4. conversations.last_message_id / updated_at, and unread_count + 1 for
  //      every member but the sender (and those in a block relation with the
  //      sender, who never see it), in one statement.
  InsertedMessage Insert(db::Connection& c, const NewMessage& message) const;

  // PostgreSQL only, text only: the common send in ONE statement (issue 16:
  // one round trip): membership, Insert's steps 1, 2 and 4, the message with
  // its sender, and the members. It writes only when `sender` is a member who
  // has accepted the conversation (a reply accepts a request: more to do), it
  // is not a 1:1 of a blocked pair, no recipient for whom it is a request has
  // hidden words (matching them is C++), the client id is new, and nobody
  // changed the conversation between the statement's snapshot and its lock;
  // it repeats the original of a client id used before in this conversation
  // for a text. Anything else (refusals, hidden words, a reply to a request,
  // images, races) returns nullopt having written nothing: run the full unit
  // then, which tells why.
  std::optional<SentMessageRow> InsertInOneStatement(db::Connection& c, const NewMessage& message) const;

  // The messages of `ids` (any order, unknown ones skipped) with senders and
  // media: two statements at most (one when none has an image).
  std::vector<MessageRow> LoadMany(db::Connection& c, std::span<const core::MessageId> ids) const;

  // A conversation's messages `reader` may see with ids below `before`
  // (nullopt: from the latest), NEWEST first; two statements at most whatever
  // `limit` is.
  std::vector<MessageRow> ListBefore(db::Connection& c, core::ConversationId conversation,
                                     std::optional<core::MessageId> before, int limit,
                                     const MessageReader& reader = {}) const;
  // A conversation's messages `reader` may see with ids above `after`, OLDEST
  // first (catch-up); two statements at most.
  std::vector<MessageRow> ListAfter(db::Connection& c, core::ConversationId conversation, core::MessageId after,
                                    int limit, const MessageReader& reader = {}) const;

  // The message `sender` stored with `client_id`, and its conversation.
  std::optional<std::pair<core::MessageId, core::ConversationId>> FindByClientId(db::Connection& c,
                                                                                 core::UserId sender,
                                                                                 std::string_view client_id) const;

  // The conversation a message belongs to.
  std::optional<core::ConversationId> ConversationOf(db::Connection& c, core::MessageId id) const;
  // The conversation and sender of a message `reader` may see (not one of a
  // user in a block relation with them, either way); nullopt for one they may
  // not, as for no message. One statement.
  std::optional<std::pair<core::ConversationId, core::UserId>> PlaceFor(db::Connection& c, core::MessageId id,
                                                                        core::UserId reader) const;
};

}  // namespace lenslet::store
