#pragma once
// The two process-wide memories of posts (store/post_keyed_cache.hpp): their
// share of --post-cache-mb and their lenslet_post_cache_* metrics
// (docs/operations.md "Metrics").
#include <cstdint>

#include "core/metrics.hpp"

namespace lenslet::app {

// Gives the rendered posts three quarters of `megabytes` and the posts'
// images the rest — a page reads images only for posts it has not rendered —
// and shows both at scrape time, labelled cache="rendered" / "images", for
// as long as the handle lives.
[[nodiscard]] core::metrics::CollectorHandle ConfigurePostCaches(std::int64_t megabytes);

}  // namespace lenslet::app
