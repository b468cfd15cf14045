#pragma once
// The wire shape of a notification (API.md "Objects"):
//   {id, type, actor (public user), post, comment, createdAt, read}
// `post` and `comment` are null until the posts feature renders them: it fills
// NotificationTargets in api/notifications/targets.cpp, one batch per page.
#include <boost/json/object.hpp>
#include <unordered_map>

#include "core/ids.hpp"
#include "store/notification_store.hpp"

namespace lenslet::api::views {

// The post and comment objects the notifications of one page refer to, by id.
// A notification whose post or comment is missing here shows null (deleted,
// or not visible to the recipient any more).
struct NotificationTargets {
  std::unordered_map<core::PostId, boost::json::object> posts;
  std::unordered_map<core::CommentId, boost::json::object> comments;
};

boost::json::object Notification(const store::NotificationRow& notification,
                                 const NotificationTargets& targets);

}  // namespace lenslet::api::views
