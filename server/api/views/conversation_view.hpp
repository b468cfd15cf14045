#pragma once
// The wire shape of a conversation (API.md "Objects"), as one member sees it:
//   {id, title (null for 1:1), isGroup,
//    participants: [public user + {online, lastSeenAt, lastReadMessageId}] (the viewer included),
//    lastMessage (a message or null), unreadCount, updatedAt}
#include <boost/json/object.hpp>
#include <span>
#include <vector>

#include "store/conversation_store.hpp"
#include "store/message_store.hpp"

namespace lenslet::api::views {

// One participant: the public user, `online` (connected to this server now),
// `lastSeenAt` (ISO time or null) and `lastReadMessageId` (their read marker or null).
boost::json::object Participant(const store::ParticipantRow& participant, bool online);

// `participants` are this conversation's rows and `online` says, for each of
// them in the same order, whether they are connected.
boost::json::object Conversation(const store::ConversationRow& conversation,
                                 std::span<const store::ParticipantRow> participants, const std::vector<bool>& online,
                                 const store::MessageRow* last_message);

}  // namespace lenslet::api::views
