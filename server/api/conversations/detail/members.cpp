#include "api/conversations/detail/members.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "store/conversation_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::conversations::detail {

std::vector<core::UserId> ResolveNewMembers(db::Connection& c, core::UserId me, const std::vector<std::string>& names) {
  const auto users = store::UserDirectoryStore().FindByUsernames(c, names);
  std::vector<core::UserId> out;
  for (const auto& name : names) {
    const auto it = std::find_if(users.begin(), users.end(), [&](const store::PublicUserRow& u) { return u.username == name; });
    if (it == users.end()) core::ThrowInvalid("usernames", "No such user: " + name);
    if (it->id != me) out.push_back(it->id);
  }
  if (out.empty()) core::ThrowInvalid("usernames", "Name at least one other user");
  if (!store::ConversationStore().InBlockRelation(c, me, out).empty()) {
    throw core::Error(core::ErrorCode::kForbidden, "You cannot message a user you blocked or who blocked you");
  }
  return out;
}

}  // namespace lenslet::api::conversations::detail
