#include "api/views/conversation_view.hpp"

#include <boost/json/array.hpp>

#include "api/views/message_view.hpp"
#include "api/views/user_view.hpp"
#include "core/time.hpp"

namespace lenslet::api::views {

namespace {

// A participant in a block relation with the viewer: who it is, nothing more.
store::PublicUserRow WithoutDetails(const store::PublicUserRow& user) {
  store::PublicUserRow bare;
  bare.id = user.id;
  bare.username = user.username;
  return bare;
}

}  // namespace

boost::json::object Participant(const store::ParticipantRow& participant, bool online, ParticipantShown shown) {
  auto json = shown.profile ? PublicUser(participant.user, {.followed_by_me = participant.followed_by_me,
                                                            .requested_by_me = participant.requested_by_me})
                            : PublicUser(WithoutDetails(participant.user));
  json["online"] = shown.activity && online;
  json["lastSeenAt"] = shown.activity && participant.last_seen_at
                           ? boost::json::value(core::ToIso8601(*participant.last_seen_at))
                           : boost::json::value(nullptr);
  json["lastReadMessageId"] = shown.activity && participant.last_read
                                  ? boost::json::value(participant.last_read->ToString())
                                  : boost::json::value(nullptr);
  json["hidden"] = !shown.profile;
  return json;
}

boost::json::object Conversation(const store::ConversationRow& conversation,
                                 std::span<const store::ParticipantRow> participants, const std::vector<bool>& online,
                                 const std::vector<ParticipantShown>& shown, const store::MessageRow* last_message) {
  boost::json::array people;
  people.reserve(participants.size());
  for (std::size_t i = 0; i < participants.size(); ++i) {
    people.push_back(Participant(participants[i], i < online.size() && online[i],
                                 i < shown.size() ? shown[i] : ParticipantShown{}));
  }
  return {
      {"id", conversation.id.ToString()},
      {"title", conversation.title ? boost::json::value(*conversation.title) : boost::json::value(nullptr)},
      {"isGroup", conversation.is_group},
      {"participants", std::move(people)},
      {"lastMessage", last_message ? boost::json::value(Message(*last_message)) : boost::json::value(nullptr)},
      {"unreadCount", conversation.unread_count},
      {"updatedAt", core::ToIso8601(conversation.updated_at)},
      {"isRequest", conversation.is_request},
  };
}

}  // namespace lenslet::api::views
