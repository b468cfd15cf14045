#pragma once
// Posts as a response's JSON (api/views/rendered_posts.hpp), for the reads
// that load post rows without their images (store::PostStore::LoadDated,
// SeenUserStore::FindPostToShow, FeedStore::ExploreAmongPosts). Rows from
// PostStore::LoadPage (tag pages, saved posts, the units' fallbacks) come with
// their images already: rendering them only skips the JSON tree.
//
// Each post's fragment comes from RenderedPostCache; a post it lacks is
// rendered from its images — PostMediaCache, else one statement
// (store::PostStore::ReadMedia) — and kept when those images are the ones of
// the post's own edit. A post deleted before its images were read leaves
// `posts`, as ReadMedia says.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "http/response.hpp"
#include "store/post_store.hpp"

namespace lenslet::api::detail {

// One per post of `posts`, in order.
using PostFragments = std::vector<std::shared_ptr<const std::string>>;

// The images' statement, when one is needed, runs in the caller's unit.
PostFragments RenderPosts(db::Connection& c, std::vector<store::PostRow>& posts);
// The same, the images' statement as a one-statement unit of its own
// (db/statement_unit.hpp), for posts read from database `database`
// (db::Connection::database_id). Blocking: call it on the database pool.
PostFragments RenderPostsNow(db::Database& db, std::uint64_t database, std::vector<store::PostRow>& posts);

// {"items":[…],"nextCursor":…}, the cursor encoded (pagination.hpp) or null.
http::JsonText PostsPage(const std::vector<store::PostRow>& posts, const PostFragments& fragments,
                         const std::optional<std::vector<std::int64_t>>& next);
// One post alone, as views::Post renders it.
http::JsonText PostDocument(const store::PostRow& post, const std::string& fragment);

}  // namespace lenslet::api::detail
