#pragma once
// Direct messages (API.md "/conversations", "Real time"): 1:1 conversations
// (found or created) and groups of up to 32 members. One action per file.
//
// Sending, marking read and typing have two doors — REST here and Socket.IO
// events in api/live/socket_handler.cpp — and one implementation: the shared
// functions below. They store first, then publish (api/live/events.hpp), so a
// message is never delivered or acknowledged before it is durable.
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/services.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace lenslet::api::conversations {

using Action = boost::asio::awaitable<http::Response>(Services&, http::Request&);

Action ListConversations;   // GET    /conversations
Action CreateConversation;  // POST   /conversations
Action GetConversation;     // GET    /conversations/{id}
Action DeleteConversation;  // DELETE /conversations/{id} (from the caller's lists)
Action AcceptConversation;  // POST   /conversations/{id}/accept (a message request)
Action AddMembers;          // POST   /conversations/{id}/members
Action LeaveConversation;   // DELETE /conversations/{id}/members
Action ListMessages;        // GET    /conversations/{id}/messages (?after= for catch-up, oldest first)
Action PostMessage;         // POST   /conversations/{id}/messages (JSON or multipart with an image)
Action MarkRead;            // POST   /conversations/{id}/read

// ---- Shared by the REST and the socket doors. Errors are core::Error:
// kNotFound (no such conversation, or the caller is not a member — the same
// answer), kInvalidValue (with field), kForbidden (a block), kRateLimited.

struct NewMessage {
  std::string text;       // ≤ 4,000 characters; may be empty only with an image
  std::string client_id;  // the sender's idempotency key (1–64 printable ASCII)
  // The socket that sent it (message:send), empty over REST: its ack carries
  // the message, so message:new skips it (API.md: "the sender's other devices").
  std::string sending_socket;
};

struct SentMessage {
  boost::json::object message;  // API.md's message object
  bool created = false;         // false: this clientId was sent before; `message` is the original
};

// Stores the message (or finds the one this sender already sent with this
// clientId), then emits message:new {message} to every device of every
// participant who may see it (not one in a block relation with the sender,
// not the recipient of a request a hidden word hid) but the sending socket —
// only when it was created, so a retry never delivers twice. Sending accepts
// a conversation that was a request for the sender.
boost::asio::awaitable<SentMessage> SendMessage(Services& services, core::UserId me, core::ConversationId conversation,
                                                NewMessage message);

// Moves the caller's read marker to `message` (never backwards) and resets the
// unread count, then emits message:read {conversationId, userId, messageId} to
// the caller's devices and those of every participant who may see the
// caller's read markers (MaySeeActivity).
boost::asio::awaitable<void> MarkMessagesRead(Services& services, core::UserId me, core::ConversationId conversation,
                                              core::MessageId message);

// The current members other than `me` who may see `me` typing
// (api/users/conversation_privacy.hpp MaySeeActivity).
boost::asio::awaitable<std::vector<core::UserId>> OtherMembers(Services& services, core::UserId me,
                                                               core::ConversationId conversation);

// Everyone who shares at least one conversation with `user` and may see
// `user`'s presence (MaySeeActivity): presence goes to them and nobody else.
// One statement, inside the caller's unit (api/live/presence_announcer.cpp
// publishes in the same breath).
std::vector<core::UserId> Contacts(db::Connection& c, core::UserId user);

// Stores users.last_seen_at (the user's last device disconnected).
boost::asio::awaitable<void> RecordLastSeen(Services& services, core::UserId user, core::Millis at);

}  // namespace lenslet::api::conversations
