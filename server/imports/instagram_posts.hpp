#pragma once
// The posts of an Instagram archive's posts_<n>.json. Each post is
// {media: [{uri, creation_timestamp, title}], title?, creation_timestamp?}: a
// carousel carries its caption and date on the post, a single photo on its
// one media item. Text is decoded from the export's mojibake (mojibake.hpp).
//
// Parsing is lenient per post and strict per file: a file that is not JSON,
// or holds no list of posts, refuses the whole archive (Refusal
// "broken_json"); a post that makes no sense is kept with `problem` set, so
// it is counted and reported and the others still import.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lenslet::imports {

struct ArchiveMedia {
  std::string uri;  // empty when the item had none (reported)
  std::optional<std::int64_t> created_at_s;
};

struct ArchivePost {
  std::vector<ArchiveMedia> media;
  std::string caption;  // decoded UTF-8
  std::optional<std::int64_t> created_at_s;  // the post's, else its first media's
  // Set when the post cannot be imported whatever its files hold.
  std::optional<std::string> problem;  // "invalid_post"
  std::string problem_message;
};

// Throws Refusal("broken_json") when `json` is not JSON or holds no list of
// posts (a top-level array, or an object with one array of posts inside).
std::vector<ArchivePost> ParsePosts(std::string_view json);

// The idempotency key of a post: SHA-256 (hex) of its media uris and its
// date. The same post in the same archive (or in a later archive of the same
// account) has the same key, so importing it again adds nothing.
std::string ItemKey(const ArchivePost& post);

}  // namespace lenslet::imports
