#pragma once
// What a notification shows of its post (issue 16.3: one statement where
// PostStore::FilterVisible and LoadPage took four): the posts of `ids` that
// `viewer` may see, as FilterVisible decides (the author is public, is the
// viewer or is followed by them, approved; neither blocked the other), each
// with its first image only (all its renditions), in no particular order.
// Only id and media are set.
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
