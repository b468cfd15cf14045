#include "api/views/notification_view.hpp"

#include "api/views/user_view.hpp"
#include "core/time.hpp"

namespace lenslet::api::views {
namespace {

template <typename Id>
boost::json::value Lookup(const std::optional<Id>& id,
                          const std::unordered_map<Id, boost::json::object>& found) {
  if (!id) return nullptr;
  const auto it = found.find(*id);
  if (it == found.end()) return nullptr;
  return it->second;
}

}  // namespace

boost::json::object Notification(const store::NotificationRow& n, const NotificationTargets& targets) {
  boost::json::object out{
      {"id", n.id.ToString()},
      {"type", store::ToString(n.type)},
      {"actor", PublicUser(n.actor, {.followed_by_me = n.actor_state == store::FollowState::kFollowing,
                                     .requested_by_me = n.actor_state == store::FollowState::kRequested})},
      {"post", Lookup(n.post, targets.posts)},
      {"comment", Lookup(n.comment, targets.comments)},
      {"createdAt", core::ToIso8601(n.created_at)},
      {"read", n.read},
  };
  // content_removed / warning: what the moderator wrote, and about what kind of content.
  if (n.moderation_reason) out["reason"] = *n.moderation_reason;
  if (n.moderation_target) out["targetType"] = *n.moderation_target;
  return out;
}

}  // namespace lenslet::api::views
