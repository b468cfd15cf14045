#pragma once
// The two process-wide memories of posts (store/post_keyed_cache.hpp): their
// share of --post-cache-mb and their lenslet_post_cache_* metrics
// (docs/operations.md "Metrics").
#include <cstdint>

#include "core/metrics.hpp"

namespace lenslet::app {

// Gives the rendered posts and the posts' images half of `megabytes` each —
// a post weighs about as much in either (~1.8 kB for one photo), and the
// images serve the live pushes of liked and commented posts as well as the
// pages' posts not rendered yet — and shows both at scrape time, labelled cache="rendered" / "images", for
// as long as the handle lives.
[[nodiscard]] core::metrics::CollectorHandle ConfigurePostCaches(std::int64_t megabytes);

}  // namespace lenslet::app
