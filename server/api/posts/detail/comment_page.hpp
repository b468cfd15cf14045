#pragma once
// GET /posts/{id}/comments, apart from its handler so that
// comment_page_dbtest.cpp can count its statements.
#include <boost/json/object.hpp>
#include <optional>

#include "api/detail/pagination.hpp"
#include "core/ids.hpp"
#include "db/database.hpp"

namespace lenslet::api::posts::detail {

// A comment page reads at most this many batches of limit + 1 rows when the
// viewer's hidden words remove some (each batch one statement); past that the
// page is shorter, with a cursor after the last comment looked at.
inline constexpr int kMaxCommentBatches = 4;

// {items, nextCursor} of post `id`'s comments, oldest first, as `viewer`
// (nullopt: anonymous) may see them (api/users/visibility.hpp: blocks,
// restricted comments, the post author's hidden words). Throws
// Error(kNotFound) for a post the viewer cannot see.
boost::json::object CommentPage(db::Connection& c, std::optional<core::UserId> viewer, core::PostId id,
                                const api::detail::PageRequest& page);

// The same page as the handler runs it, blocking (call it on the database
// pool): ONE statement outside any transaction on PostgreSQL
// (store::CommentStore::ListWithPost, db/statement_unit.hpp), or CommentPage's
// unit when the author is hidden (the viewer's role decides) or is the viewer
// with hidden words (the filter reads them, and may need more batches).
boost::json::object CommentPageNow(db::Database& db, std::optional<core::UserId> viewer, core::PostId id,
                                   const api::detail::PageRequest& page);

}  // namespace lenslet::api::posts::detail
