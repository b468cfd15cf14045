#include "imports/instagram_posts.hpp"

#include <openssl/evp.h>

#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cstdio>

#include "imports/mojibake.hpp"
#include "imports/refusal.hpp"

namespace lenslet::imports {
namespace {

namespace json = boost::json;

std::optional<std::int64_t> TimestampOf(const json::object& object) {
  const auto* value = object.if_contains("creation_timestamp");
  if (value == nullptr) return std::nullopt;
  std::int64_t seconds = 0;
  if (value->is_int64()) {
    seconds = value->get_int64();
  } else if (value->is_uint64() && value->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    seconds = static_cast<std::int64_t>(value->get_uint64());
  } else if (value->is_double() && value->get_double() >= 0 && value->get_double() < 1e12) {
    seconds = static_cast<std::int64_t>(value->get_double());
  } else {
    return std::nullopt;
  }
  // Milliseconds must fit: nothing before 1970 or after year ~33658.
  if (seconds < 0 || seconds > 1'000'000'000'000) return std::nullopt;
  return seconds;
}

std::string TextOf(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr || !value->is_string()) return {};
  const auto& s = value->get_string();
  return DecodeMojibake(std::string_view(s.data(), s.size()));
}

ArchivePost Invalid(std::string message) {
  ArchivePost post;
  post.problem = "invalid_post";
  post.problem_message = std::move(message);
  return post;
}

ArchivePost PostOf(const json::value& value) {
  if (!value.is_object()) return Invalid("The entry is not a post");
  const auto& object = value.get_object();
  const auto* media = object.if_contains("media");
  if (media == nullptr || !media->is_array() || media->get_array().empty()) {
    return Invalid("The post lists no photos or videos");
  }
  ArchivePost post;
  std::string first_title;
  for (const auto& item : media->get_array()) {
    ArchiveMedia out;
    if (item.is_object()) {
      const auto& m = item.get_object();
      if (const auto* uri = m.if_contains("uri"); uri != nullptr && uri->is_string()) {
        out.uri = std::string(uri->get_string().data(), uri->get_string().size());
      }
      out.created_at_s = TimestampOf(m);
      if (post.media.empty()) first_title = TextOf(m, "title");
    }
    post.media.push_back(std::move(out));
  }
  post.caption = TextOf(object, "title");
  if (post.caption.empty()) post.caption = std::move(first_title);
  post.created_at_s = TimestampOf(object);
  if (!post.created_at_s) post.created_at_s = post.media.front().created_at_s;
  if (!post.created_at_s) {
    auto invalid = Invalid("The post has no date");
    invalid.media = std::move(post.media);
    return invalid;
  }
  return post;
}

// A list of posts: an array whose elements have `media`, or the first such
// array among an object's members (some exports wrap it: {"ig_posts": [...]}).
const json::array* PostsArray(const json::value& root) {
  if (root.is_array()) return &root.get_array();
  if (!root.is_object()) return nullptr;
  for (const auto& member : root.get_object()) {
    if (!member.value().is_array()) continue;
    const auto& array = member.value().get_array();
    if (array.empty() || (array.front().is_object() && array.front().get_object().contains("media"))) {
      return &array;
    }
  }
  return nullptr;
}

}  // namespace

std::vector<ArchivePost> ParsePosts(std::string_view text) {
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 64;
  const auto root = json::parse(text, ec, {}, options);
  if (ec) throw Refusal("broken_json", "The list of posts is not valid JSON (" + ec.message() + ")");
  const auto* array = PostsArray(root);
  if (array == nullptr) throw Refusal("broken_json", "The list of posts is not in a format Instagram uses");
  std::vector<ArchivePost> posts;
  posts.reserve(array->size());
  for (const auto& value : *array) posts.push_back(PostOf(value));
  return posts;
}

std::string ItemKey(const ArchivePost& post) {
  std::string material = "instagram-post\n";
  for (const auto& media : post.media) material += media.uri + "\n";
  material += std::to_string(post.created_at_s.value_or(-1));
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(material.data(), material.size(), digest.data(), &length, EVP_sha256(), nullptr);
  std::string hex;
  hex.reserve(length * 2);
  constexpr char kHex[] = "0123456789abcdef";
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xF]);
  }
  return hex;
}

}  // namespace lenslet::imports
