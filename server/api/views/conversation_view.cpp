#include "api/views/conversation_view.hpp"

#include <boost/json/array.hpp>

#include "api/views/message_view.hpp"
#include "api/views/user_view.hpp"
#include "core/time.hpp"

namespace lenslet::api::views {

boost::json::object Participant(const store::ParticipantRow& participant, bool online) {
  auto json = PublicUser(participant.user, {.followed_by_me = participant.followed_by_me,
                                            .requested_by_me = participant.requested_by_me});
  json["online"] = online;
  json["lastSeenAt"] = participant.last_seen_at ? boost::json::value(core::ToIso8601(*participant.last_seen_at))
                                                : boost::json::value(nullptr);
  json["lastReadMessageId"] = participant.last_read ? boost::json::value(participant.last_read->ToString())
                                                    : boost::json::value(nullptr);
  return json;
}

boost::json::object Conversation(const store::ConversationRow& conversation,
                                 std::span<const store::ParticipantRow> participants, const std::vector<bool>& online,
                                 const store::MessageRow* last_message) {
  boost::json::array people;
  people.reserve(participants.size());
  for (std::size_t i = 0; i < participants.size(); ++i) {
    people.push_back(Participant(participants[i], i < online.size() && online[i]));
  }
  return {
      {"id", conversation.id.ToString()},
      {"title", conversation.title ? boost::json::value(*conversation.title) : boost::json::value(nullptr)},
      {"isGroup", conversation.is_group},
      {"participants", std::move(people)},
      {"lastMessage", last_message ? boost::json::value(Message(*last_message)) : boost::json::value(nullptr)},
      {"unreadCount", conversation.unread_count},
      {"updatedAt", core::ToIso8601(conversation.updated_at)},
  };
}

}  // namespace lenslet::api::views
