#include "api/notifications/targets.hpp"

#include <algorithm>
#include <string>

#include "api/views/post_view.hpp"
#include "store/comment_store.hpp"
#include "store/post_media_cache.hpp"
#include "store/post_store.hpp"
#include "store/post_summaries.hpp"

namespace lenslet::api::notifications {
namespace {

boost::json::object CommentTarget(core::CommentId id, const std::string& text) {
  return {{"id", id.ToString()}, {"text", text}};
}

}  // namespace

// Two statements per page whatever its size: the posts the recipient may
// still see (blocks, private authors) with their first image, and their
// comments (when the page names any). A post the recipient may not see any more shows null, and so does a
// comment on it.
views::NotificationTargets LoadNotificationTargets(db::Connection& c, core::UserId recipient,
                                                   const std::vector<store::NotificationRow>& rows) {
  std::vector<core::PostId> post_ids;
  std::vector<core::CommentId> comment_ids;
  for (const auto& row : rows) {
    if (row.post && std::find(post_ids.begin(), post_ids.end(), *row.post) == post_ids.end()) {
      post_ids.push_back(*row.post);
    }
    if (row.comment && std::find(comment_ids.begin(), comment_ids.end(), *row.comment) == comment_ids.end()) {
      comment_ids.push_back(*row.comment);
    }
  }
  views::NotificationTargets targets;
  if (post_ids.empty()) return targets;
  for (const auto& post : store::VisiblePostSummaries(c, post_ids, recipient)) {
    targets.posts.emplace(post.id, views::PostSummary(post));
  }
  for (const auto& comment : store::CommentStore().FindMany(c, comment_ids)) {
    if (!targets.posts.contains(comment.post)) continue;
    targets.comments.emplace(comment.id, CommentTarget(comment.id, comment.text));
  }
  return targets;
}

namespace {

// `found`'s targets, its post's images being `media`.
views::NotificationTargets TargetsOf(const store::PushRow& found, std::vector<store::PostMediaRow> media) {
  views::NotificationTargets targets;
  const auto& row = found.notification;
  store::PostRow post{.id = *row.post, .media = std::move(media)};
  targets.posts.emplace(post.id, views::PostSummary(post));
  if (row.comment && found.comment_text) {
    targets.comments.emplace(*row.comment, CommentTarget(*row.comment, *found.comment_text));
  }
  return targets;
}

}  // namespace

views::NotificationTargets PushTargets(db::Connection& c, const store::PushRow& found) {
  const auto& row = found.notification;
  if (!row.post || !found.post_visible) return {};
  return TargetsOf(found, store::PostStore().MediaOf(c, *row.post, found.post_edited_at));
}

std::optional<views::NotificationTargets> CachedPushTargets(std::uint64_t database, const store::PushRow& found) {
  const auto& row = found.notification;
  if (!row.post || !found.post_visible) return views::NotificationTargets{};
  const auto media = store::PostMediaCache::Shared().Find(database, *row.post, found.post_edited_at);
  if (!media) return std::nullopt;
  return TargetsOf(found, *media);
}

}  // namespace lenslet::api::notifications
