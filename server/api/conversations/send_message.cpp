// SendMessage: the text message of both doors (POST /conversations/{id}/messages
// with JSON, and the socket's message:send). Recipe: validate → rate limit →
// detail::Send (membership, blocks, the idempotent insert, message:new).
#include "api/conversations/conversations.hpp"
#include "api/conversations/detail/send.hpp"
#include "api/conversations/message_rules.hpp"

namespace lenslet::api::conversations {

boost::asio::awaitable<SentMessage> SendMessage(Services& services, core::UserId me, core::ConversationId conversation,
                                                NewMessage message) {
  auto text = ValidateMessageText(message.text, false);
  auto client_id = ValidateClientId(message.client_id);
  if (auto original = co_await detail::ChargeMessage(services, me, conversation, client_id)) co_return *original;
  // Named, not a temporary in the call: GCC 12 mishandles temporaries of
  // class type passed to a coroutine (see PostMessage).
  std::optional<media_files::StoredImages> no_image;
  co_return co_await detail::Send(services, me, conversation, std::move(text), std::move(client_id),
                                  std::move(no_image), std::move(message.sending_socket));
}

}  // namespace lenslet::api::conversations
