// The socket door's questions about people: who hears me typing
// (OtherMembers), who hears that I came online or left (Contacts), and when I
// was last seen (RecordLastSeen).
#include <algorithm>

#include "api/conversations/conversations.hpp"
#include "api/conversations/detail/conversation_access.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::conversations {

boost::asio::awaitable<std::vector<core::UserId>> OtherMembers(Services& services, core::UserId me,
                                                               core::ConversationId conversation) {
  co_return co_await services.db.Read([&](db::Connection& c) {
    detail::RequireMembership(c, me, conversation);
    auto members = store::ConversationStore().MemberIds(c, conversation);
    std::erase(members, me);
    return members;
  });
}

boost::asio::awaitable<std::vector<core::UserId>> Contacts(Services& services, core::UserId user) {
  co_return co_await services.db.Read([&](db::Connection& c) { return store::ConversationStore().Contacts(c, user); });
}

boost::asio::awaitable<void> RecordLastSeen(Services& services, core::UserId user, core::Millis at) {
  co_await services.db.Write([&](db::Connection& c) { store::UserDirectoryStore().SetLastSeen(c, user, at); });
}

}  // namespace lenslet::api::conversations
