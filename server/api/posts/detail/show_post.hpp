#pragma once
// GET /posts/{id}'s post as its viewer sees it, for the handler (get_post.cpp)
// and for show_post_dbtest.cpp, which counts what it costs the database.
#include <optional>

#include "core/ids.hpp"
#include "db/database.hpp"
#include "http/response.hpp"

namespace lenslet::api::posts::detail {

// The post `id` for `viewer` (nullopt: anonymous) as views::Post renders it
// (from api/views/rendered_posts.hpp's pieces),
// with the decision LoadVisiblePost makes (Error(kNotFound) for a post the
// viewer may not see). Blocking: call it on the database pool.
//
// One statement (store::SeenUserStore::FindPostToShow: the post, its author
// with what the privacy rules need, the viewer's like and save), outside any
// transaction on PostgreSQL (db/statement_unit.hpp), and one more only for
// images the cache lacks. When the author is suspended or deactivated the
// viewer's role decides, so that rare case runs as a unit as before.
http::JsonText ShowPostNow(db::Database& db, std::optional<core::UserId> viewer, core::PostId id);

}  // namespace lenslet::api::posts::detail
