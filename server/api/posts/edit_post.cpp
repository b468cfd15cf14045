// PATCH /api/v1/posts/{id} {caption?, alt?: [one per image]} → 200 {post}
// (issue 14.5), by its author only: another user gets 404 when they cannot
// see the post, 403 when they can. Absent or null fields stay as they are.
// A change sets `editedAt`; sending what is already there changes nothing.
// Hashtags follow the new caption (counted, in one unit with it); users newly
// mentioned are notified, and someone already notified of a mention in this
// post is not notified again (NotificationStore::Upsert keeps one).
#include <optional>
#include <string>
#include <vector>

#include "api/detail/json_fields.hpp"
#include "api/detail/write_limits.hpp"
#include "api/posts/detail/post_access.hpp"
#include "api/posts/post_rules.hpp"
#include "api/posts/posts.hpp"
#include "api/views/post_view.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "http/json_body.hpp"
#include "store/post_store.hpp"

namespace lenslet::api::posts {
namespace {

// `alt`: absent or null → nullopt; else an array of strings, each a valid alt
// text ("alt[i]" names a bad one).
std::optional<std::vector<std::string>> OptionalAlts(const boost::json::object& body) {
  const auto* value = body.if_contains("alt");
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (!value->is_array()) core::ThrowInvalid("alt", "Give the alt texts as a list, one per image");
  const auto& items = value->as_array();
  if (items.size() > kMaxImages) core::ThrowInvalid("alt", "Give one alt text per image");
  std::vector<std::string> alts;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_string()) core::ThrowInvalid("alt[" + std::to_string(i) + "]", "An alt text is text");
    alts.push_back(ValidateAlt(std::string_view(items[i].as_string())));
  }
  return alts;
}

}  // namespace

boost::asio::awaitable<http::Response> EditPost(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto id = detail::PostIdParam(request.Param("id"));
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me, "edits");
  const auto body = http::ParseJsonObject(request);
  auto caption = api::detail::OptionalString(body, "caption");
  if (caption) caption = ValidateCaption(*caption);
  const auto alts = OptionalAlts(body);
  if (!caption && !alts) core::ThrowInvalid("caption", "Send a new caption or new alt texts");

  store::PostEdit edit{.caption = caption, .alts = alts, .now = core::NowMillis()};
  std::vector<std::string> mentions;
  if (caption) {
    edit.hashtags = ParseHashtags(*caption);
    mentions = ParseMentions(*caption);
  }
  std::vector<notifications::Created> notified;
  auto shown = co_await services.db.Write([&](db::Connection& c) {
    notified.clear();
    const auto visible = detail::LoadVisiblePost(c, me, id);
    if (visible.post.author != me) {
      throw core::Error(core::ErrorCode::kForbidden, "Only its author can edit a post");
    }
    const store::PostStore posts;
    if (alts && alts->size() != posts.ImageCount(c, id)) {
      core::ThrowInvalid("alt", "Give one alt text per image");
    }
    if (posts.Edit(c, id, edit) && caption) {
      detail::NotifyMentions(notified, c, me, mentions, id, std::nullopt, edit.now);
    }
    const auto row = posts.Load(c, id, me);
    if (!row) core::ThrowNotFound("No such post");
    return views::Post(*row);
  });
  co_await notifications::Push(services, std::move(notified));
  co_return http::Response::Json(200, {{"post", std::move(shown)}});
}

}  // namespace lenslet::api::posts
