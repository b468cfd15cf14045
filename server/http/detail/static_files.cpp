#include "http/detail/static_files.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "http/detail/gzip.hpp"
#include "http/detail/mime.hpp"
#include "http/detail/percent.hpp"

namespace lenslet::http::detail {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxIndexedFiles = 50'000;

bool ContainsNoCase(std::string_view text, std::string_view needle) {
  for (std::size_t i = 0; i + needle.size() <= text.size(); ++i) {
    if (IEquals(text.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

std::optional<std::string> ReadWholeFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

}  // namespace

StaticFiles::StaticFiles(std::string web_root) : root_(std::move(web_root)) {
  if (root_.empty()) return;
  std::error_code ec;
  if (!fs::is_directory(root_, ec)) {
    spdlog::warn("web_root {} is not a directory: the web app is not served", root_);
    return;
  }
  const fs::path root(root_);
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->file_size(ec) > kMaxFileBytes) continue;
    index_.insert(fs::relative(it->path(), root, ec).generic_string());
    if (index_.size() >= kMaxIndexedFiles) {
      spdlog::warn("web_root {} has more than {} files; the rest is not served", root_, kMaxIndexedFiles);
      break;
    }
  }
  spdlog::info("web_root {}: {} files", root_, index_.size());
}

std::optional<std::string> StaticFiles::SafeRelativePath(std::string_view raw_path) {
  // Encoded separators would let "..%2F" survive the segment check below.
  if (ContainsNoCase(raw_path, "%2f") || ContainsNoCase(raw_path, "%5c") ||
      raw_path.find('\\') != std::string_view::npos) {
    return std::nullopt;
  }
  auto decoded = PercentDecode(raw_path);
  if (!decoded || decoded->empty() || decoded->front() != '/' || decoded->find('\0') != std::string::npos) {
    return std::nullopt;
  }
  std::string_view rest = std::string_view(*decoded).substr(1);
  std::string relative;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (segment == ".." || segment == ".") return std::nullopt;
    if (segment.empty()) continue;
    if (!relative.empty()) relative.push_back('/');
    relative.append(segment);
  }
  return relative;
}

std::optional<Response> StaticFiles::Serve(std::string_view raw_path, std::string_view accept_encoding,
                                           bool navigation) {
  if (!enabled()) return std::nullopt;
  auto relative = SafeRelativePath(raw_path);
  if (!relative) return std::nullopt;
  if (relative->empty()) *relative = "index.html";
  if (!index_.contains(*relative)) {
    // Client-side routes (/u/alice, /p/42) have no extension: the app handles
    // them. A page load may name one with a dot (/u/john.doe: usernames allow
    // dots); a missing script or image never gets HTML in its place.
    const auto last = relative->substr(relative->rfind('/') + 1);
    const bool looks_like_file = last.find('.') != std::string::npos;
    if (relative->starts_with("assets/") || (looks_like_file && !navigation) || !index_.contains("index.html")) {
      return std::nullopt;
    }
    *relative = "index.html";
  }

  Response response;
  response.status = 200;
  response.content_type = std::string(MimeTypeFor(*relative));
  const bool immutable = relative->starts_with("assets/");
  response.WithHeader("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");

  const bool has_br = index_.contains(*relative + ".br");
  const bool has_gz = index_.contains(*relative + ".gz");
  std::shared_ptr<const std::string> body;
  if (has_br && AcceptsEncoding(accept_encoding, "br")) {
    body = Load(*relative + ".br");
    if (body) response.WithHeader("Content-Encoding", "br");
  } else if (has_gz && AcceptsEncoding(accept_encoding, "gzip")) {
    body = Load(*relative + ".gz");
    if (body) response.WithHeader("Content-Encoding", "gzip");
  }
  if (!body) {
    body = Load(*relative);
    if (!body) return std::nullopt;
    if (body->size() >= kGzipMinBytes && IsCompressibleType(response.content_type) && !has_br && !has_gz) {
      if (AcceptsEncoding(accept_encoding, "gzip")) {
        if (auto gzipped = LoadGzipped(*relative)) {
          body = std::move(gzipped);
          response.WithHeader("Content-Encoding", "gzip");
        }
      }
      response.WithHeader("Vary", "Accept-Encoding");
    }
  }
  if (has_br || has_gz) response.WithHeader("Vary", "Accept-Encoding");
  response.body = *body;
  return response;
}

std::shared_ptr<const std::string> StaticFiles::Remember(const std::string& key, std::string bytes) {
  auto shared = std::make_shared<const std::string>(std::move(bytes));
  std::lock_guard lock(mutex_);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;  // another thread was first
  if (cached_bytes_ + shared->size() <= kCacheBudgetBytes) {
    cached_bytes_ += shared->size();
    cache_.emplace(key, shared);
  }
  return shared;
}

std::shared_ptr<const std::string> StaticFiles::Load(const std::string& relative) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find(relative); it != cache_.end()) return it->second;
  }
  // Read outside the lock: a first read of a big file must not stall the others.
  auto bytes = ReadWholeFile(std::filesystem::path(root_) / relative);
  if (!bytes) {
    spdlog::warn("static file {} could not be read", relative);
    return nullptr;
  }
  return Remember(relative, std::move(*bytes));
}

std::shared_ptr<const std::string> StaticFiles::LoadGzipped(const std::string& relative) {
  // A NUL cannot occur in a file name, so this key never names a real file.
  const std::string key = relative + std::string(1, '\0') + "gzip";
  {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  auto plain = Load(relative);
  if (!plain) return nullptr;
  // Compressed once and kept: worth the slowest, smallest level.
  auto gzipped = GzipCompress(*plain, GzipEffort::kSmallest);
  if (!gzipped) return nullptr;
  return Remember(key, std::move(*gzipped));
}

}  // namespace lenslet::http::detail
