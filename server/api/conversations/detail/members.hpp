#pragma once
// Who may be put in a conversation (creating one, adding to a group).
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "db/database.hpp"

namespace lenslet::api::conversations::detail {

// The users named in `names` (from ReadUsernames) other than `me`, in the
// given order, inside the caller's unit. Throws Error(kInvalidValue, field
// "usernames") for an unknown name or when nobody but `me` is named, and
// Error(kForbidden) when one of them and `me` blocked each other (either way).
std::vector<core::UserId> ResolveNewMembers(db::Connection& c, core::UserId me, const std::vector<std::string>& names);

}  // namespace lenslet::api::conversations::detail
