#include "app/post_caches.hpp"

#include <string>

#include "api/views/rendered_posts.hpp"
#include "store/post_media_cache.hpp"

namespace lenslet::app {
namespace {

void Show(core::metrics::Collection& out, const std::string& cache, const store::PostCacheStats& stats) {
  using core::metrics::Type;
  const core::metrics::Labels labels{{"cache", cache}};
  out.Add("lenslet_post_cache_hits_total", "Posts found current in a post cache", Type::kCounter,
          static_cast<double>(stats.hits), labels);
  out.Add("lenslet_post_cache_misses_total",
          "Posts a post cache lacked or held as of an older edit (read from the database or rendered again)",
          Type::kCounter, static_cast<double>(stats.misses), labels);
  out.Add("lenslet_post_cache_evictions_total", "Entries a post cache dropped to stay within its budget",
          Type::kCounter, static_cast<double>(stats.evictions), labels);
  out.Add("lenslet_post_cache_entries", "Posts a post cache holds", Type::kGauge,
          static_cast<double>(stats.entries), labels);
  out.Add("lenslet_post_cache_bytes", "Estimated memory a post cache holds", Type::kGauge,
          static_cast<double>(stats.bytes), labels);
  out.Add("lenslet_post_cache_budget_bytes", "What a post cache may hold (its share of --post-cache-mb)",
          Type::kGauge, static_cast<double>(stats.budget), labels);
}

}  // namespace

core::metrics::CollectorHandle ConfigurePostCaches(std::int64_t megabytes) {
  const auto total = static_cast<std::size_t>(megabytes) << 20;
  auto& rendered = api::views::RenderedPostCache::Shared();
  auto& images = store::PostMediaCache::Shared();
  rendered.SetBudget(total - total / 2);
  images.SetBudget(total / 2);
  return core::metrics::Registry::Global().AddCollector([&rendered, &images](core::metrics::Collection& out) {
    Show(out, "rendered", rendered.stats());
    Show(out, "images", images.stats());
  });
}

}  // namespace lenslet::app
