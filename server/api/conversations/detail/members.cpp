#include "api/conversations/detail/members.hpp"

#include <algorithm>

#include "api/users/conversation_privacy.hpp"
#include "core/error.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::conversations::detail {

std::vector<core::UserId> ResolveNewMembers(db::Connection& c, core::UserId me, const std::vector<std::string>& names) {
  const auto users = store::UserDirectoryStore().FindByUsernames(c, names);
  std::vector<core::UserId> out;
  for (const auto& name : names) {
    const auto it = std::find_if(users.begin(), users.end(), [&](const store::PublicUserRow& u) { return u.username == name; });
    // An account its owner asked to delete is nobody to start a conversation with.
    if (it == users.end() || it->deactivated) core::ThrowInvalid("usernames", "No such user: " + name);
    if (it->id != me) out.push_back(it->id);
  }
  if (out.empty()) core::ThrowInvalid("usernames", "Name at least one other user");
  return out;
}

void RefuseBlockedDirect(db::Connection& c, core::UserId me, core::UserId other) {
  const std::vector others{other};
  if (!store::ConversationStore().InBlockRelation(c, me, others).empty()) {
    throw core::Error(core::ErrorCode::kForbidden, "You cannot message a user you blocked or who blocked you");
  }
}

void RefuseBlockedPairs(db::Connection& c, const std::vector<core::UserId>& joining,
                        const std::vector<core::UserId>& everyone) {
  if (store::ConversationStore().AnyBlockedPair(c, joining, everyone)) {
    // Names nobody: which pair it is stays between the two.
    throw core::Error(core::ErrorCode::kConflict, "Some of these people cannot be in a group together");
  }
}

std::vector<store::JoiningMember> AsJoining(db::Connection& c, core::UserId starter,
                                            const std::vector<core::UserId>& users) {
  const auto facts = store::ConversationStore().StarterFactsOf(c, starter, users);
  std::vector<store::JoiningMember> out;
  out.reserve(users.size());
  for (const auto user : users) {
    const auto it = std::find_if(facts.begin(), facts.end(), [&](const store::StarterFacts& f) { return f.user == user; });
    const bool request = it == facts.end() || users::StartsAsRequest(it->follows_starter, it->restricts_starter);
    out.push_back({user, !request});
  }
  return out;
}

}  // namespace lenslet::api::conversations::detail
