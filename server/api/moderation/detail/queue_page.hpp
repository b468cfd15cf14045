#pragma once
// The unit body of GET /admin/reports, apart from its handler so that a
// dbtest can count its statements: a constant number whatever the page size
// (the queue, the reports of its targets, then one batch per kind of preview).
#include <boost/json/object.hpp>

#include "api/detail/pagination.hpp"
#include "core/ids.hpp"
#include "db/database.hpp"

namespace lenslet::api::moderation::detail {

// Cursor fields: {the latest report id of the last item}.
inline constexpr std::size_t kQueueCursorFields = 1;

// {items: [{target: {type, id, preview}, reports: [...], count}], nextCursor}.
// preview: a post's {caption, imageUrl, author, createdAt}; a comment's {text,
// postId, author, createdAt}; a user's public profile; a message's
// {messages: [...]} snapshot (the newest report's); null when the target is gone.
boost::json::object QueuePage(db::Connection& c, core::UserId viewer, bool open,
                              const api::detail::PageRequest& page);

}  // namespace lenslet::api::moderation::detail
