// GET /api/v1/conversations/{id}/messages → {items: [message], nextCursor}.
//  - without ?after: NEWEST first (cursor {message id});
//  - ?after=<messageId> (catch-up after a reconnect): the messages with ids
//    above it, OLDEST first, paginated the same way (follow nextCursor until
//    it is null; keep ?after on every page). Ids grow in commit order within a
//    conversation (store/message_store.hpp), so nothing is skipped.
// Only the messages the caller may see: none of a user in a block relation
// with them (either way), none up to where they deleted the conversation.
// Three statements per page at most (membership; messages with senders;
// images). 404 for non-members.
#include "api/conversations/conversations.hpp"
#include "api/conversations/detail/conversation_access.hpp"
#include "api/detail/pagination.hpp"
#include "api/views/message_view.hpp"
#include "core/error.hpp"

namespace lenslet::api::conversations {

boost::asio::awaitable<http::Response> ListMessages(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto id = detail::ConversationIdParam(request.Param("id"));
  const auto page = api::detail::ReadPageRequest(request, 1);
  std::optional<core::MessageId> after;
  if (const auto raw = request.Query("after")) {
    after = core::MessageId::Parse(*raw);
    if (!after) core::ThrowInvalid("after", "after must be a message id");
  }
  auto body = co_await services.db.Read([&](db::Connection& c) {
    const auto membership = detail::RequireMembership(c, me, id);
    const store::MessageReader reader{.user = me, .floor = membership.history_floor};
    const store::MessageStore messages;
    const auto limit = page.limit + 1;
    auto rows = after ? messages.ListAfter(c, id, page.first_page() ? *after : core::MessageId(page.after[0]), limit,
                                           reader)
                      : messages.ListBefore(c, id, page.first_page() ? std::nullopt
                                                                     : std::optional(core::MessageId(page.after[0])),
                                            limit, reader);
    return api::detail::PageById(std::move(rows), page.limit, [](const auto& row) { return views::Message(row); });
  });
  co_return http::Response::Json(200, body);
}

}  // namespace lenslet::api::conversations
