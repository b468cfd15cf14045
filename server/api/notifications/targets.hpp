#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "api/views/notification_view.hpp"
#include "db/database.hpp"
#include "store/notification_push_store.hpp"
#include "store/notification_store.hpp"

namespace lenslet::api::notifications {

// EXTENSION POINT (posts): load, in one statement per kind whatever the page
// size, the posts and comments `rows` refer to, as `recipient` may see them
// (apply users::CanSeeContent and blocks), rendered as API.md's post and
// comment objects. Until posts exist this loads nothing and every
// notification shows post: null, comment: null.
views::NotificationTargets LoadNotificationTargets(db::Connection& c, core::UserId recipient,
                                                   const std::vector<store::NotificationRow>& rows);

// The same for the one notification the live push read with
// store::FindForPush, which decided visibility in its statement: the post's
// images from PostMediaCache when current, else one statement.
views::NotificationTargets PushTargets(db::Connection& c, const store::PushRow& found);
// The same without a statement, for a write that read `found` in its own
// (database `database`: db::Connection::database_id): nullopt when
// PostMediaCache lacks the post's images as of that read.
std::optional<views::NotificationTargets> CachedPushTargets(std::uint64_t database, const store::PushRow& found);

}  // namespace lenslet::api::notifications
