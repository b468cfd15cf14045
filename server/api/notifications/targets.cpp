#include "api/notifications/targets.hpp"

#include <algorithm>

#include "api/views/post_view.hpp"
#include "store/comment_store.hpp"
#include "store/post_store.hpp"

namespace lenslet::api::notifications {

// Five statements per page whatever its size: which posts the recipient may
// still see (blocks, private authors), those posts (three), their comments
// (one). A post the recipient may not see any more shows null, and so does a
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
  const store::PostStore posts;
  const auto visible = posts.FilterVisible(c, post_ids, recipient);
  for (const auto& post : posts.LoadPage(c, visible, recipient)) {
    targets.posts.emplace(post.id, views::PostSummary(post));
  }
  for (const auto& comment : store::CommentStore().FindMany(c, comment_ids)) {
    if (!targets.posts.contains(comment.post)) continue;
    targets.comments.emplace(comment.id,
                             boost::json::object{{"id", comment.id.ToString()}, {"text", comment.text}});
  }
  return targets;
}

}  // namespace lenslet::api::notifications
