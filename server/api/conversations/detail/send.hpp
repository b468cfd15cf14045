#pragma once
// The one send path behind both doors (REST JSON, REST multipart, socket
// message:send): conversations::SendMessage and PostMessage's image branch
// validate, then call Send.
#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "api/conversations/conversations.hpp"
#include "api/media/stored_media.hpp"

namespace lenslet::api::conversations::detail {

// One message against services.message_limiter (null: unlimited). When the
// limit is reached, a retry of a message already stored (same sender, client
// id and conversation) still gets its original, so a client re-sending its
// unacknowledged messages after a reconnect is never told to wait for them;
// anything else throws Error(kRateLimited) with retry_after_seconds. Returns
// that original, or nullopt to go on sending.
boost::asio::awaitable<std::optional<SentMessage>> ChargeMessage(Services& services, core::UserId me,
                                                                 core::ConversationId conversation,
                                                                 const std::string& client_id);

// Stores the message (text and client id already validated; `image`: its
// renditions, already in the blob store) in one unit: membership (404), the
// block rule of 1:1 conversations (403), the idempotent insert (a client id
// this sender used in ANOTHER conversation: 409). Then emits message:new to
// every member's devices (but `sending_socket`, when the socket door sent it:
// its ack carries the message) when the message was created. Files of `image` that
// no row references afterwards (failure, or a repeat) are deleted. Within a
// process, message:new of one conversation goes out in commit (= id) order.
boost::asio::awaitable<SentMessage> Send(Services& services, core::UserId me, core::ConversationId conversation,
                                         std::string text, std::string client_id,
                                         std::optional<media_files::StoredImages> image,
                                         std::string sending_socket = {});

}  // namespace lenslet::api::conversations::detail
