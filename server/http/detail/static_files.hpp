#pragma once
// The built web app under web_root: files by path, index.html for client-side
// routes, precompressed .br/.gz siblings when accepted.
//
// WARNING: file reads are blocking. They are acceptable on network threads only
// because (1) the tree is indexed once at start-up, so a lookup never touches
// the disk, and (2) each file is read once, at first use, into an in-memory
// cache. The build output is immutable for the life of the process (a deploy
// restarts it), so the cache is never invalidated.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "http/response.hpp"

namespace lenslet::http::detail {

class StaticFiles {
 public:
  // Files larger than this are not served (a web build has none; media lives
  // under /media, served elsewhere).
  static constexpr std::uint64_t kMaxFileBytes = 32u << 20;
  // Total bytes kept in memory; beyond it files are read on each request.
  static constexpr std::uint64_t kCacheBudgetBytes = 256u << 20;

  // Indexes web_root (blocking; call at start-up). Empty or missing: disabled.
  explicit StaticFiles(std::string web_root);

  bool enabled() const { return !index_.empty(); }

  // Answers a GET/HEAD for `raw_path` (as received, still percent-encoded).
  // `navigation`: the request is a browser page load (it accepts text/html), so
  // an unknown path is a client-side route even when its last segment has a dot
  // (/u/john.doe); other requests for unknown dotted paths get a 404, not HTML.
  // nullopt: nothing to serve (the caller answers 404).
  std::optional<Response> Serve(std::string_view raw_path, std::string_view accept_encoding,
                                bool navigation = false);

  // The relative file `raw_path` names, after the traversal checks; nullopt when
  // refused. Exposed for tests.
  static std::optional<std::string> SafeRelativePath(std::string_view raw_path);

 private:
  std::shared_ptr<const std::string> Load(const std::string& relative);
  std::shared_ptr<const std::string> LoadGzipped(const std::string& relative);
  std::shared_ptr<const std::string> Remember(const std::string& key, std::string bytes);

  std::string root_;
  std::unordered_set<std::string> index_;  // relative paths: "assets/app-1a2b.js"
  std::mutex mutex_;                       // guards the two members below
  std::unordered_map<std::string, std::shared_ptr<const std::string>> cache_;
  std::uint64_t cached_bytes_ = 0;
};

}  // namespace lenslet::http::detail
