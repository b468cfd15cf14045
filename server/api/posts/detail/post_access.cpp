#include "api/posts/detail/post_access.hpp"

#include "api/views/post_view.hpp"
#include "core/error.hpp"
#include "store/block_store.hpp"
#include "store/notification_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::posts::detail {

VisiblePost LoadVisiblePost(db::Connection& c, std::optional<core::UserId> viewer, core::PostId id) {
  return VisiblePostOf(c, viewer, store::SeenUserStore().FindPost(c, id, viewer.value_or(core::UserId())));
}

VisiblePost VisiblePostOf(db::Connection& c, std::optional<core::UserId> viewer,
                          std::optional<store::SeenPost> seen) {
  if (!seen) core::ThrowNotFound("No such post");
  try {
    auto author = users::ProfileOf(c, viewer, std::move(seen->author));
    if (!author.can_see_content) core::ThrowNotFound("No such post");
    return {seen->post, std::move(author)};
  } catch (const core::Error& e) {
    // "No such user" would tell a blocked viewer why.
    if (e.code() == core::ErrorCode::kNotFound) core::ThrowNotFound("No such post");
    throw;
  }
}

PostToComment LoadPostToComment(db::Connection& c, core::UserId commenter, core::PostId id) {
  auto found = store::SeenUserStore().FindPostToComment(c, id, commenter);
  if (!found) core::ThrowNotFound("No such post");
  PostToComment out{.visible = VisiblePostOf(c, commenter, std::move(found->seen))};
  out.restricted =
      users::IsRestrictedComment(out.visible.post.author, commenter, found->author_restricts_viewer);
  out.author_has_hidden_words = found->author_has_hidden_words;
  out.commenter = std::move(found->viewer);
  return out;
}

core::PostId PostIdParam(std::string_view text) {
  const auto id = core::PostId::Parse(text);
  if (!id) core::ThrowNotFound("No such post");
  return *id;
}

void NotifyMentions(std::vector<notifications::Created>& created, db::Connection& c, core::UserId actor,
                    const std::vector<std::string>& names, core::PostId post,
                    std::optional<core::CommentId> comment, core::Millis now,
                    std::optional<core::UserId> except) {
  const store::UserStore users;
  const store::BlockStore blocks;
  const store::NotificationStore notification_store;
  for (const auto& name : names) {
    const auto user = users.FindByUsername(c, name);
    if (!user || user->id == actor || user->id == except || blocks.EitherBlocks(c, actor, user->id)) continue;
    notifications::Collect(created, user->id,
                           notification_store.Upsert(c, {.recipient = user->id,
                                                         .type = store::NotificationType::kMention,
                                                         .actor = actor,
                                                         .post = post,
                                                         .comment = comment,
                                                         .now = now}));
  }
}

boost::json::object StorePost(db::Connection& c, const store::NewPost& post,
                              const std::vector<std::string>& mentions,
                              std::vector<notifications::Created>& created) {
  const store::PostStore posts;
  const auto inserted = posts.Insert(c, post, [&](core::PostId id) {
    NotifyMentions(created, c, post.author, mentions, id, std::nullopt, post.now);
  });
  return views::Post(*posts.Load(c, inserted.id, post.author));
}

}  // namespace lenslet::api::posts::detail
