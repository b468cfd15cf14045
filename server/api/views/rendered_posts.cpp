#include "api/views/rendered_posts.hpp"

#include <boost/json/serialize.hpp>
#include <charconv>

#include "api/views/post_view.hpp"
#include "api/views/user_view.hpp"

namespace lenslet::api::views {
namespace {

void AppendInt(std::string& out, std::int64_t value) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

void AppendBool(std::string& out, bool value) { out += value ? "true" : "false"; }

}  // namespace

std::string PostFragment(const store::PostRow& post) {
  std::string text = boost::json::serialize(EditedMembers(post));
  // "{…}" → "…": the members, to be written inside the post's own braces.
  text.pop_back();
  text.erase(0, 1);
  return text;
}

RenderedPostCache& RenderedPostCache::Shared() {
  static RenderedPostCache cache;
  return cache;
}

void AppendPost(std::string& out, const store::PostRow& post, std::string_view fragment) {
  out += R"({"id":")";
  AppendInt(out, post.id.value);
  out += R"(","author":)";
  out += boost::json::serialize(Author(post.author));
  out += ',';
  out += fragment;
  out += R"(,"likeCount":)";
  AppendInt(out, post.like_count);
  out += R"(,"commentCount":)";
  AppendInt(out, post.comment_count);
  out += R"(,"likedByMe":)";
  AppendBool(out, post.liked_by_me);
  out += R"(,"savedByMe":)";
  AppendBool(out, post.saved_by_me);
  out += '}';
}

}  // namespace lenslet::api::views
