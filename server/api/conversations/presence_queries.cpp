// The socket door's questions about people: who hears me typing
// (OtherMembers), who hears that I came online or left (Contacts), and when I
// was last seen (RecordLastSeen).
#include <algorithm>

#include "api/conversations/conversations.hpp"
#include "api/conversations/detail/conversation_access.hpp"
#include "api/users/conversation_privacy.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::conversations {

boost::asio::awaitable<std::vector<core::UserId>> OtherMembers(Services& services, core::UserId me,
                                                               core::ConversationId conversation) {
  co_return co_await services.db.Read([&](db::Connection& c) {
    const auto row = detail::RequireMembership(c, me, conversation);
    return detail::ActivityAudience(store::ConversationStore().MembersAround(c, conversation, me), me, row.accepted);
  });
}

std::vector<core::UserId> Contacts(db::Connection& c, core::UserId user) {
  std::vector<core::UserId> out;
  for (const auto& contact : store::ConversationStore().Contacts(c, user)) {
    if (users::MaySeeActivity({.blocked = contact.blocked,
                               .subject_restricts_viewer = contact.subject_restricts,
                               .subject_accepted = contact.subject_accepted})) {
      out.push_back(contact.user);
    }
  }
  return out;
}

boost::asio::awaitable<void> RecordLastSeen(Services& services, core::UserId user, core::Millis at) {
  co_await services.db.Write([&](db::Connection& c) { store::UserDirectoryStore().SetLastSeen(c, user, at); });
}

}  // namespace lenslet::api::conversations
