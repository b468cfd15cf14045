#pragma once
// Who may be put in a conversation (creating one, adding to a group), and
// whether it starts as a message request for them.
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "db/database.hpp"
#include "store/conversation_store.hpp"

namespace lenslet::api::conversations::detail {

// The users named in `names` (from ReadUsernames) other than `me`, in the
// given order, inside the caller's unit. Throws Error(kInvalidValue, field
// "usernames") for an unknown name (also the name of someone who blocked `me`
// and whom `me` did not block: the same answer, API.md "404 also for objects
// the caller may not see") or when nobody but `me` is named.
std::vector<core::UserId> ResolveNewMembers(db::Connection& c, core::UserId me, const std::vector<std::string>& names);

// A 1:1 between users who blocked each other (either way): Error(kForbidden)
// (after ResolveNewMembers: only the caller's own block, or both ways, is left).
void RefuseBlockedDirect(db::Connection& c, core::UserId me, core::UserId other);

// A group may not hold a blocked pair (API.md): Error(kConflict) when one of
// `joining` and one of `everyone` (joining included) blocked each other.
void RefuseBlockedPairs(db::Connection& c, const std::vector<core::UserId>& joining,
                        const std::vector<core::UserId>& everyone);

// `users`, each with whether the conversation `starter` puts them in starts
// accepted or as a message request (api/users/conversation_privacy.hpp). One
// statement.
std::vector<store::JoiningMember> AsJoining(db::Connection& c, core::UserId starter,
                                            const std::vector<core::UserId>& users);

// POST /conversations's write, inside the caller's unit: the 1:1 of `me` and
// the one other user named (found or created; a title refused) or a new group
// of everyone named, with the block rules above. `newly_told`: who may see
// `me`'s activity from now on (asking for an existing 1:1 that is a request
// for `me` accepts it).
struct OpenedConversation {
  core::ConversationId id;
  bool created = false;
  std::vector<core::UserId> newly_told;
};
OpenedConversation OpenConversation(db::Connection& c, core::UserId me, const std::vector<std::string>& names,
                                    const std::optional<std::string>& title, core::Millis now);

}  // namespace lenslet::api::conversations::detail
