#pragma once
// Where an Instagram archive keeps its posts. The layout has moved over the
// years: posts_1.json (then posts_2.json, … for long histories) under
// your_instagram_activity/media/ (2024 on), your_instagram_activity/content/
// or plain content/ (before), possibly inside one top folder when the archive
// was unpacked and zipped again. The media `uri`s inside are relative to the
// archive's root ("media/posts/202301/123.jpg"), so the root is found too.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lenslet::imports {

struct PostsFiles {
  // The prefix the media uris are relative to ("" or "some-folder/").
  std::string root;
  // Entry names of posts_1.json, posts_2.json, … in number order.
  std::vector<std::string> files;
};

// Searches the entry names for posts_<n>.json files in a folder named media
// or content; when several folders have them, the newest layout wins
// (your_instagram_activity/media, then your_instagram_activity/content, then
// content, then any other). nullopt when there is none.
std::optional<PostsFiles> FindPostsFiles(std::span<const std::string> names);

// The entry names a media `uri` may stand for, most likely first: under the
// root, then as written. Empty when the uri cannot name an entry of this
// archive: absolute, a URL, "..", ".", empty segments, backslashes or control
// characters (never resolved, so nothing outside the archive can be named).
std::vector<std::string> CandidateEntries(std::string_view root, std::string_view uri);

}  // namespace lenslet::imports
