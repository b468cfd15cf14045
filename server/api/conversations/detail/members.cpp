#include "api/conversations/detail/members.hpp"

#include <algorithm>

#include "api/conversations/detail/conversation_access.hpp"
#include "api/users/conversation_privacy.hpp"
#include "core/error.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::conversations::detail {

std::vector<core::UserId> ResolveNewMembers(db::Connection& c, core::UserId me, const std::vector<std::string>& names) {
  const auto users = store::UserDirectoryStore().FindByUsernames(c, names);
  std::vector<core::UserId> found;
  for (const auto& user : users) {
    if (user.id != me) found.push_back(user.id);
  }
  // Someone who blocked the caller (and whom the caller did not block) is
  // nobody to them, as their profile is (404): the same answer as a name
  // nobody has, so a refusal does not tell the caller the account exists and
  // blocked them. On PostgreSQL this read takes the pairs' locks: a block in
  // flight ends first, a later one waits for the unit (migration 0028).
  const auto relations = store::ConversationStore().BlockRelations(c, me, found);
  const auto blocked_me = [&](core::UserId id) {
    return std::any_of(relations.begin(), relations.end(), [&](const store::BlockRelation& r) {
      return r.other == id && r.other_blocked && !r.user_blocked;
    });
  };
  std::vector<core::UserId> out;
  for (const auto& name : names) {
    const auto it = std::find_if(users.begin(), users.end(), [&](const store::PublicUserRow& u) { return u.username == name; });
    // An account its owner asked to delete is nobody to start a conversation with.
    if (it == users.end() || it->deactivated || blocked_me(it->id)) {
      core::ThrowInvalid("usernames", "No such user: " + name);
    }
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

OpenedConversation OpenConversation(db::Connection& c, core::UserId me, const std::vector<std::string>& names,
                                    const std::optional<std::string>& title, core::Millis now) {
  const auto others = ResolveNewMembers(c, me, names);
  const store::ConversationStore conversations;
  OpenedConversation out;
  if (others.size() == 1) {
    if (title) core::ThrowInvalid("title", "Only groups have a title");
    RefuseBlockedDirect(c, me, others[0]);
    const auto joining = AsJoining(c, me, others);
    const auto direct = conversations.FindOrCreateDirect(c, me, others[0], now, joining[0].accepted);
    out.id = direct.id;
    out.created = direct.created;
    // Writing to them is answering them.
    if (!direct.created && conversations.Accept(c, out.id, me, now)) {
      out.newly_told = ActivityAudience(conversations.MembersAround(c, out.id, me), me, true);
    }
    return out;
  }
  auto everyone = others;
  everyone.push_back(me);
  RefuseBlockedPairs(c, everyone, everyone);
  out.id = conversations.CreateGroup(c, me, title, AsJoining(c, me, others), now);
  out.created = true;
  return out;
}

}  // namespace lenslet::api::conversations::detail
