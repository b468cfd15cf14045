// GET /api/v1/conversations → {items: [conversation], nextCursor, unreadTotal}:
// the caller's conversations, latest activity first (cursor {updatedAt, id}).
// unreadTotal counts the caller's conversations with unread messages (all of
// them, not only this page's), so the Messages badge is right on first load.
// Four statements per page whatever its size: the page, every participant
// of it, every last message of it (one more when some last message has an
// image), the total.
#include <tuple>

#include "api/conversations/conversations.hpp"
#include "api/conversations/detail/conversation_access.hpp"
#include "api/detail/pagination.hpp"

namespace lenslet::api::conversations {

boost::asio::awaitable<http::Response> ListConversations(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto page = api::detail::ReadPageRequest(request, 2);
  std::optional<store::ConversationCursor> after;
  if (!page.first_page()) after = store::ConversationCursor{page.after[0], core::ConversationId(page.after[1])};
  auto [loaded, next, unread_total] = co_await services.db.Read([&](db::Connection& c) {
    auto rows = store::ConversationStore().ListForMember(c, me, after, page.limit + 1);
    std::optional<std::vector<std::int64_t>> next;
    if (rows.size() > static_cast<std::size_t>(page.limit)) {
      rows.resize(static_cast<std::size_t>(page.limit));
      next = std::vector<std::int64_t>{rows.back().updated_at, rows.back().id.value};
    }
    const auto total = store::ConversationStore().CountUnreadConversations(c, me);
    return std::tuple(detail::LoadPage(c, std::move(rows), me), next, total);
  });
  auto body = api::detail::Page(detail::Render(services, loaded), next);
  body["unreadTotal"] = unread_total;
  co_return http::Response::Json(200, std::move(body));
}

}  // namespace lenslet::api::conversations
