// POST /api/v1/conversations/{id}/read {messageId} → 204: the caller has read
// up to that message (never moves back). See MarkMessagesRead.
#include "api/conversations/conversations.hpp"
#include "api/conversations/detail/conversation_access.hpp"
#include "api/detail/json_fields.hpp"
#include "core/error.hpp"
#include "http/json_body.hpp"

namespace lenslet::api::conversations {

boost::asio::awaitable<http::Response> MarkRead(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto id = detail::ConversationIdParam(request.Param("id"));
  const auto body = http::ParseJsonObject(request);
  const auto message = core::MessageId::Parse(api::detail::RequireString(body, "messageId"));
  if (!message) core::ThrowInvalid("messageId", "messageId must be a message id");
  co_await MarkMessagesRead(services, me, id, *message);
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::conversations
