// MarkMessagesRead: both doors' "I have read up to this message" (POST
// /conversations/{id}/read and the socket's message:read). The marker only
// moves forward; message:read goes out only when it moved, so a repeated or
// stale marker (an older device catching up) tells nobody anything.
#include "api/conversations/conversations.hpp"
#include "api/conversations/detail/conversation_access.hpp"
#include "api/live/events.hpp"
#include "core/error.hpp"

namespace lenslet::api::conversations {

boost::asio::awaitable<void> MarkMessagesRead(Services& services, core::UserId me, core::ConversationId conversation,
                                              core::MessageId message) {
  const auto members = co_await services.db.Write([&](db::Connection& c) {
    const auto row = detail::RequireMembership(c, me, conversation);
    // A message hidden from the caller (a block) is, to them, none of this
    // conversation's: else the answer told them it exists, and when.
    const auto place = store::MessageStore().PlaceFor(c, message, me);
    if (!place || place->first != conversation) core::ThrowInvalid("messageId", "No such message in this conversation");
    // Serialised with sends (see ConversationStore::Lock): the recount sees
    // every message committed before it and none slips in between.
    const store::ConversationStore conversations;
    conversations.Lock(c, conversation);
    if (!conversations.MarkRead(c, conversation, me, message)) return std::vector<core::UserId>{};
    // The caller's own devices clear their badge; others only per the policy,
    // and not those who may not see the message (a block with its author):
    // the marker would tell them it exists. They see the marker below it.
    auto facts = conversations.MembersAround(c, conversation, me, place->second);
    std::erase_if(facts, [](const store::MemberFacts& f) { return f.blocked_with_author; });
    auto audience = detail::ActivityAudience(facts, me, row.accepted);
    audience.push_back(me);
    return audience;
  });
  if (members.empty()) co_return;
  live::EmitToUsers(services, members, "message:read",
                    boost::json::object{{"conversationId", conversation.ToString()},
                                        {"userId", me.ToString()},
                                        {"messageId", message.ToString()}});
}

}  // namespace lenslet::api::conversations
