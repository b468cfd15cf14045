#pragma once
// The unit bodies of the user-list actions, apart from their handlers so that
// user_lists_dbtest.cpp can count their statements: a page costs the same
// number of statements whatever its size (no query per row).
#include <boost/json/object.hpp>
#include <optional>
#include <string_view>

#include "api/detail/pagination.hpp"
#include "core/ids.hpp"
#include "db/database.hpp"

namespace lenslet::api::users::detail {

enum class UserList { kFollowers, kFollowing };

// Cursor fields of every user list: {since, user id}.
inline constexpr std::size_t kUserListCursorFields = 2;

// {items, nextCursor} of `username`'s followers or following as `viewer` sees
// them. Throws Error(kNotFound) for unknown or blocked users and for a private
// account the viewer may not see (API.md "Privacy").
boost::json::object UserListPage(db::Connection& c, std::optional<core::UserId> viewer,
                                 std::string_view username, UserList list,
                                 const api::detail::PageRequest& page);

// {items, nextCursor} of the users who asked to follow `owner`.
boost::json::object FollowRequestsPage(db::Connection& c, core::UserId owner,
                                       const api::detail::PageRequest& page);

// {items, nextCursor} of the users `owner` muted / restricted, newest first
// (users blocked either way are left out while the block lasts).
boost::json::object MutedUsersPage(db::Connection& c, core::UserId owner, const api::detail::PageRequest& page);
boost::json::object RestrictedUsersPage(db::Connection& c, core::UserId owner, const api::detail::PageRequest& page);

}  // namespace lenslet::api::users::detail
