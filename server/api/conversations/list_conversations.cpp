// GET /api/v1/conversations[?folder=inbox|requests] → {items: [conversation],
// nextCursor, unreadTotal, requestCount}: the caller's conversations of one
// folder (the inbox by default; message requests), latest activity first
// (cursor {updatedAt, id}). unreadTotal counts the caller's inbox
// conversations with unread messages (all of them, not only this page's), so
// the Messages badge is right on first load; requestCount the requests.
// Four statements per page whatever its size: the page, every participant
// of it, every last message of it (one more when some last message has an
// image), the counts.
#include <tuple>

#include "api/conversations/conversations.hpp"
#include "api/conversations/detail/conversation_access.hpp"
#include "api/detail/pagination.hpp"
#include "core/error.hpp"

namespace lenslet::api::conversations {

boost::asio::awaitable<http::Response> ListConversations(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto page = api::detail::ReadPageRequest(request, 2);
  auto folder = store::Folder::kInbox;
  if (const auto raw = request.Query("folder"); raw && *raw != "inbox") {
    if (*raw != "requests") core::ThrowInvalid("folder", "folder must be inbox or requests");
    folder = store::Folder::kRequests;
  }
  std::optional<store::ConversationCursor> after;
  if (!page.first_page()) after = store::ConversationCursor{page.after[0], core::ConversationId(page.after[1])};
  auto [loaded, next, counts] = co_await services.db.Read([&](db::Connection& c) {
    auto rows = store::ConversationStore().ListForMember(c, me, after, page.limit + 1, folder);
    std::optional<std::vector<std::int64_t>> next;
    if (rows.size() > static_cast<std::size_t>(page.limit)) {
      rows.resize(static_cast<std::size_t>(page.limit));
      next = std::vector<std::int64_t>{rows.back().updated_at, rows.back().id.value};
    }
    const auto counts = store::ConversationStore().CountFolders(c, me);
    return std::tuple(detail::LoadPage(c, std::move(rows), me), next, counts);
  });
  auto body = api::detail::Page(detail::Render(services, loaded), next);
  body["unreadTotal"] = counts.unread_inbox;
  body["requestCount"] = counts.requests;
  co_return http::Response::Json(200, std::move(body));
}

}  // namespace lenslet::api::conversations
