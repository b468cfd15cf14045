#include "api/detail/post_json.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include "api/detail/pagination.hpp"
#include "api/views/rendered_posts.hpp"
#include "db/statement_unit.hpp"

namespace lenslet::api::detail {
namespace {

// `read_media(rows, missing_ids)` reads the images PostMediaCache lacks.
template <typename ReadMedia>
PostFragments Render(std::uint64_t database, std::vector<store::PostRow>& posts, ReadMedia read_media) {
  auto& cache = views::RenderedPostCache::Shared();
  PostFragments fragments(posts.size());
  std::vector<store::PostRow> unrendered;
  for (std::size_t i = 0; i < posts.size(); ++i) {
    fragments[i] = cache.Find(database, posts[i].id, posts[i].edited_at);
    if (!fragments[i]) unrendered.push_back(posts[i]);
  }
  if (unrendered.empty()) return fragments;

  const store::PostStore store;
  const auto missing = store.MediaFromCache(database, unrendered);
  if (!missing.empty()) read_media(unrendered, missing);  // drops posts deleted meanwhile
  for (const auto& row : unrendered) {
    auto fragment = std::make_shared<const std::string>(views::PostFragment(row));
    // Images read after a later edit than the row's caption: right for this
    // answer, but not the fragment of either edit.
    if (row.media_current) cache.Put(database, row.id, row.edited_at, fragment);
    for (std::size_t i = 0; i < posts.size(); ++i) {
      if (posts[i].id == row.id && !fragments[i]) fragments[i] = fragment;
    }
  }
  // What is still unrendered was deleted before its images were read.
  std::size_t kept = 0;
  for (std::size_t i = 0; i < posts.size(); ++i) {
    if (!fragments[i]) continue;
    if (kept != i) {
      posts[kept] = std::move(posts[i]);
      fragments[kept] = std::move(fragments[i]);
    }
    ++kept;
  }
  posts.resize(kept);
  fragments.resize(kept);
  return fragments;
}

}  // namespace

PostFragments RenderPosts(db::Connection& c, std::vector<store::PostRow>& posts) {
  return Render(c.database_id(), posts,
                [&](std::vector<store::PostRow>& rows, const std::vector<core::PostId>& ids) {
                  store::PostStore().ReadMedia(c, rows, ids);
                });
}

PostFragments RenderPostsNow(db::Database& db, std::uint64_t database, std::vector<store::PostRow>& posts) {
  return Render(
      database, posts, [&](std::vector<store::PostRow>& rows, const std::vector<core::PostId>& ids) {
        db::ReadStatementNow(db, [&](db::Connection& c) { store::PostStore().ReadMedia(c, rows, ids); });
      });
}

http::JsonText PostsPage(const std::vector<store::PostRow>& posts, const PostFragments& fragments,
                         const std::optional<std::vector<std::int64_t>>& next) {
  std::size_t size = 64;
  for (const auto& fragment : fragments) size += fragment->size() + 256;
  http::JsonText page;
  page.text.reserve(size);
  page.text += R"({"items":[)";
  for (std::size_t i = 0; i < posts.size(); ++i) {
    if (i > 0) page.text += ',';
    views::AppendPost(page.text, posts[i], *fragments[i]);
  }
  page.text += R"(],"nextCursor":)";
  page.text += next ? boost::json::serialize(boost::json::string(EncodeCursor(*next))) : std::string("null");
  page.text += '}';
  return page;
}

http::JsonText PostDocument(const store::PostRow& post, const std::string& fragment) {
  http::JsonText document;
  views::AppendPost(document.text, post, fragment);
  return document;
}

}  // namespace lenslet::api::detail
