// libFuzzer target for an Instagram archive's posts_<n>.json
// (server/imports/instagram_posts.cpp), its mojibake decoding
// (mojibake.cpp) and the media uri resolver (archive_layout.cpp). Checks:
//   - ParsePosts either returns posts or throws Refusal "broken_json", nothing else;
//   - every caption is valid UTF-8, and a date, when there is one, is not negative;
//   - a post without a problem has at least one media item and a date;
//   - ItemKey is 64 hex digits, the same for the same post;
//   - every uri resolves only to names without "..", "." or empty segments,
//     never absolute, and always ending with the uri itself.
//
// Build and run: scripts/fuzz.sh instagram_posts_fuzz (seeds in fuzz/corpus/instagram_posts/).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "imports/archive_layout.hpp"
#include "imports/instagram_posts.hpp"
#include "imports/mojibake.hpp"
#include "imports/refusal.hpp"

namespace imports = lenslet::imports;

namespace {

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

void CheckResolved(const std::string& uri) {
  for (const auto& name : imports::CandidateEntries("root/", uri)) {
    Require(!name.empty() && name.front() != '/');
    Require(name.ends_with(uri));
    std::size_t start = 0;
    for (;;) {
      const auto end = name.find('/', start);
      const auto segment = name.substr(start, end == std::string::npos ? std::string::npos : end - start);
      Require(!segment.empty() && segment != "." && segment != "..");
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // The decoder alone, on whatever bytes are valid UTF-8.
  if (imports::IsValidUtf8(text)) Require(imports::IsValidUtf8(imports::DecodeMojibake(text)));
  std::vector<imports::ArchivePost> posts;
  try {
    posts = imports::ParsePosts(text);
  } catch (const imports::Refusal& refusal) {
    Require(refusal.reason() == "broken_json");
    return 0;
  }
  for (const auto& post : posts) {
    Require(imports::IsValidUtf8(post.caption));
    if (post.created_at_s) Require(*post.created_at_s >= 0);
    if (!post.problem) Require(!post.media.empty() && post.created_at_s.has_value());
    const auto key = imports::ItemKey(post);
    Require(key.size() == 64 && key == imports::ItemKey(post));
    for (const auto& media : post.media) CheckResolved(media.uri);
  }
  return 0;
}
