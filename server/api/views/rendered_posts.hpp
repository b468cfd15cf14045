#pragma once
// Posts as JSON text, assembled from a part rendered once per edit (issue 16).
//
// Why: building a page of 20 posts as a boost::json tree and serializing it
// was about 40 % of the server's CPU per feed page
// (docs/capacity-experiments.md "gzip, and posts rendered once per edit").
// Most of a post's JSON — its caption, its images with every rendition's
// URL, its dates — changes only when the post is edited:
// that part (PostFragment) is rendered once and kept in RenderedPostCache,
// exact as store/post_keyed_cache.hpp says. The author, the counts and the
// viewer's own flags change without an edit: they are written per request.
//
// AppendPost writes the document views::Post builds, the same members in
// another order (rendered_posts_test.cpp parses one and compares it with the
// other).
#include <cstddef>
#include <string>
#include <string_view>

#include "store/post_keyed_cache.hpp"
#include "store/post_store.hpp"

namespace lenslet::api::views {

// `"caption":…,"media":[…],"createdAt":…,"editedAt":…`, without braces: the
// members of a post only an edit changes. `post.media` must be filled.
std::string PostFragment(const store::PostRow& post);

// The heap a rendered post holds.
struct WeighRendered {
  std::size_t operator()(const std::string& text) const { return text.capacity(); }
};

class RenderedPostCache : public store::PostKeyedCache<std::string, WeighRendered> {
 public:
  // Half of --post-cache-mb's default (128): a post of one photo renders to
  // ~1.6 kB, ~1.8 kB with its entry: ~37,000 such posts (a post of ten photos
  // weighs about ten times as much).
  static constexpr std::size_t kDefaultBudget = std::size_t{64} << 20;

  // The one every page shares.
  static RenderedPostCache& Shared();

  explicit RenderedPostCache(std::size_t budget_bytes = kDefaultBudget) : PostKeyedCache(budget_bytes) {}
};

// Appends `post` as views::Post renders it; `fragment` is its PostFragment.
void AppendPost(std::string& out, const store::PostRow& post, std::string_view fragment);

}  // namespace lenslet::api::views
