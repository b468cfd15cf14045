#pragma once
// The wire shape of a conversation (API.md "Objects"), as one member sees it:
//   {id, title (null for 1:1), isGroup,
//    participants: [public user + {online, lastSeenAt, lastReadMessageId, hidden}] (the viewer included),
//    lastMessage (a message or null), unreadCount, updatedAt, isRequest}
#include <boost/json/object.hpp>
#include <span>
#include <vector>

#include "store/conversation_store.hpp"
#include "store/message_store.hpp"

namespace lenslet::api::views {

// What the viewer may see of a participant (api/users/conversation_privacy.hpp
// decides): their presence and read marker, their profile details.
struct ParticipantShown {
  bool activity = true;
  bool profile = true;
};

// One participant: the public user, `online` (connected to this server now),
// `lastSeenAt` (ISO time or null), `lastReadMessageId` (their read marker or
// null) and `hidden`. Without `shown.activity` the three say nothing (false,
// null, null); without `shown.profile` the user keeps only id and username.
boost::json::object Participant(const store::ParticipantRow& participant, bool online, ParticipantShown shown = {});

// `participants` are this conversation's rows; `online` and `shown` say, for
// each of them in the same order, whether they are connected and what the
// viewer may see of them.
boost::json::object Conversation(const store::ConversationRow& conversation,
                                 std::span<const store::ParticipantRow> participants, const std::vector<bool>& online,
                                 const std::vector<ParticipantShown>& shown, const store::MessageRow* last_message);

}  // namespace lenslet::api::views
