#pragma once
// What a notification shows of its post (issue 16.3: one statement where
// a visibility filter and PostStore::LoadPage took four): the posts of `ids`
// that `viewer` may see (API.md "Privacy"): the author is the viewer, or is
// not hidden (suspended, deactivated: the view hidden_accounts, as lists hide
// them for staff too) and is public or followed by the viewer (approved); and
// neither blocked the other. Each with its first image only (all its
// renditions), in no particular order. Only id and media are set.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "db/database.hpp"
#include "store/post_store.hpp"

namespace lenslet::store {

std::vector<PostRow> VisiblePostSummaries(db::Connection& c, std::span<const core::PostId> ids, core::UserId viewer);

// That rule as an SQL condition on `author` (an alias of users: the post's
// author) and `viewer` (an SQL expression, a parameter), so the live push
// (store/notification_push_store.hpp) decides exactly as the list does.
std::string VisibleAuthorSql(std::string_view author, std::string_view viewer);

}  // namespace lenslet::store
