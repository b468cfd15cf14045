#pragma once
// Who may be put in a conversation (creating one, adding to a group), and
// whether it starts as a message request for them.
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "db/database.hpp"
#include "store/conversation_store.hpp"

namespace lenslet::api::conversations::detail {

// The users named in `names` (from ReadUsernames) other than `me`, in the
// given order, inside the caller's unit. Throws Error(kInvalidValue, field
// "usernames") for an unknown name or when nobody but `me` is named.
std::vector<core::UserId> ResolveNewMembers(db::Connection& c, core::UserId me, const std::vector<std::string>& names);

// A 1:1 between users who blocked each other (either way): Error(kForbidden).
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

}  // namespace lenslet::api::conversations::detail
