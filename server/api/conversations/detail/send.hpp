#pragma once
// The one send path behind both doors (REST JSON, REST multipart, socket
// message:send): conversations::SendMessage and PostMessage's image branch
// validate, then call Send.
#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "api/conversations/conversations.hpp"
#include "api/media/stored_media.hpp"
#include "db/database.hpp"
#include "store/message_store.hpp"

namespace lenslet::api::conversations::detail {

// What the send unit kept: the stored message (or the original of a
// repeated client id), and whom message:new goes to.
struct StoredMessage {
  store::MessageRow message;
  bool created = false;
  std::vector<std::string> new_blobs;  // see store::InsertedMessage
  // When created: the members who may see it — the sender (their other
  // devices), never one in a block relation with the sender, nor the
  // recipient of a request that a hidden word in it now hides.
  std::vector<core::UserId> audience;
  // When the message accepted a request (a reply): the members who may see
  // the sender's activity from now on.
  std::vector<core::UserId> newly_told;
};

// The send unit, inside the caller's write unit: membership (404), the
// idempotent insert (a client id the sender used in ANOTHER conversation:
// 409), the block rule of 1:1 conversations (403), a reply accepting a
// request, the audience. Seven statements for a text message into an accepted
// conversation (tests: send_statements_dbtest.cpp); a message into a request
// costs one or two more (the recipients' hidden words).
StoredMessage StoreMessage(db::Connection& c, const store::NewMessage& message);

// The whole unit of a text message (no media), as Send runs it: on
// PostgreSQL ONE round trip in the common case (store::MessageStore::
// InsertInOneStatement, in autocommit), else StoreMessage in a write unit
// (SQLite; a refusal, hidden words to match, a reply accepting a request, a
// race). The same answers and errors either way. Blocking: on the database
// worker pool.
StoredMessage StoreTextMessage(db::Database& db, const store::NewMessage& message);

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
