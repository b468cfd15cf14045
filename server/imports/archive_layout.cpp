#include "imports/archive_layout.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <tuple>

namespace lenslet::imports {
namespace {

// "posts_12.json" → 12.
std::optional<long> PostsFileNumber(std::string_view base) {
  constexpr std::string_view kPrefix = "posts_";
  constexpr std::string_view kSuffix = ".json";
  if (!base.starts_with(kPrefix) || !base.ends_with(kSuffix)) return std::nullopt;
  const auto digits = base.substr(kPrefix.size(), base.size() - kPrefix.size() - kSuffix.size());
  if (digits.empty() || digits.size() > 6) return std::nullopt;
  long n = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return n;
}

std::string_view Parent(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

std::string_view Base(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// How recent a folder's layout is (lower first) and the root it implies.
std::optional<std::pair<int, std::string>> Rank(std::string_view folder) {
  const auto base = Base(folder);
  if (base != "media" && base != "content") return std::nullopt;
  const auto parent = Parent(folder);
  const auto root_of = [](std::string_view p) { return p.empty() ? std::string() : std::string(p) + "/"; };
  if (Base(parent) == "your_instagram_activity") {
    return std::pair{base == "media" ? 0 : 1, root_of(Parent(parent))};
  }
  return std::pair{base == "content" ? 2 : 3, root_of(parent)};
}

}  // namespace

std::optional<PostsFiles> FindPostsFiles(std::span<const std::string> names) {
  // folder → its posts files by number
  std::map<std::string, std::map<long, std::string>> folders;
  for (const auto& name : names) {
    const auto number = PostsFileNumber(Base(name));
    if (!number || !Rank(Parent(name))) continue;
    folders[std::string(Parent(name))].emplace(*number, name);
  }
  std::optional<std::tuple<int, std::size_t, std::string>> best;  // rank, depth, folder
  for (const auto& [folder, files] : folders) {
    const auto rank = Rank(folder)->first;
    const auto depth = static_cast<std::size_t>(std::count(folder.begin(), folder.end(), '/'));
    const std::tuple<int, std::size_t, std::string> candidate{rank, depth, folder};
    if (!best || candidate < *best) best = candidate;
  }
  if (!best) return std::nullopt;
  const auto& folder = std::get<2>(*best);
  PostsFiles out{.root = Rank(folder)->second, .files = {}};
  for (const auto& [number, name] : folders[folder]) out.files.push_back(name);
  return out;
}

std::vector<std::string> CandidateEntries(std::string_view root, std::string_view uri) {
  if (uri.empty() || uri.size() > 1024 || uri.front() == '/') return {};
  for (const char ch : uri) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == '\\' || ch == 0x7F) return {};
  }
  if (uri.find(':') != std::string_view::npos) return {};  // "https://…", "C:…"
  std::size_t start = 0;
  for (;;) {
    const auto end = uri.find('/', start);
    const auto segment = uri.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (segment.empty() || segment == "." || segment == "..") return {};
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  std::vector<std::string> out;
  if (!root.empty()) out.push_back(std::string(root) + std::string(uri));
  out.emplace_back(uri);
  return out;
}

}  // namespace lenslet::imports
