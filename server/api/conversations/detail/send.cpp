#include "api/conversations/detail/send.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <mutex>

#include "api/conversations/detail/conversation_access.hpp"
#include "api/live/events.hpp"
#include "api/live/presence_announcer.hpp"
#include "api/users/conversation_privacy.hpp"
#include "api/users/hidden_words.hpp"
#include "api/views/message_view.hpp"
#include "core/error.hpp"
#include "core/metrics.hpp"
#include "db/statement_unit.hpp"

namespace lenslet::api::conversations::detail {
namespace {

// Direct messages stored (both doors; a repeated clientId is not counted again).
core::metrics::Counter& MessagesSent() {
  static auto& counter = core::metrics::Registry::Global().GetCounter(
      "lenslet_messages_sent_total", "Direct messages sent (stored and published), REST and Socket.IO together");
  return counter;
}

struct Stored {
  boost::json::object message;
  bool created = false;
  std::vector<core::UserId> members;     // to tell, when created
  std::vector<core::UserId> newly_told;  // see StoredMessage
};

// Delivery in commit order. The row lock orders the units of one
// conversation, but two sends resuming on network threads after their commits
// could publish in either order, and clients would see message 11 before 10.
// So the unit AND its publish run on the database worker under one of these
// in-process locks, picked by conversation: whoever commits first publishes
// first. Taken before the unit checks out a connection and never with another
// one held, so it cannot deadlock; it only queues sends into one conversation
// behind each other, which the row lock does anyway. (Across instances, order
// is up to the Redis adapter.)
std::mutex& DeliveryOrderLock(core::ConversationId conversation) {
  static std::array<std::mutex, 64> locks;
  return locks[static_cast<std::size_t>(conversation.value) % locks.size()];
}

// Whom message:new goes to among `members` (MembersAround the sender `me`),
// and the recipients for whom it is a request not hidden yet, whose hidden
// words decide whether they get it too.
struct Recipients {
  std::vector<core::UserId> audience;
  std::vector<core::UserId> requests;
};
Recipients SplitRecipients(const std::vector<store::MemberFacts>& members, core::UserId me) {
  Recipients out;
  for (const auto& member : members) {
    const users::PairFacts facts{.same_person = member.user == me, .blocked = member.blocked};
    if (!users::MaySeeProfileAndMessages(facts)) continue;
    if (facts.same_person || member.accepted) {
      out.audience.push_back(member.user);
    } else if (!member.request_hidden) {
      out.requests.push_back(member.user);
    }
  }
  return out;
}

// InsertInOneStatement's answer as StoreMessage's; nullopt: run StoreMessage.
std::optional<StoredMessage> StoreInOneStatement(db::Connection& c, const store::NewMessage& message) {
  auto sent = store::MessageStore().InsertInOneStatement(c, message);
  if (!sent) return std::nullopt;
  StoredMessage out{.message = std::move(sent->message), .created = sent->created};
  if (!out.created) return out;
  auto [audience, requests] = SplitRecipients(sent->members, message.sender);
  // The statement stored it only when none of these has a hidden word: each
  // gets it, in StoreMessage's order.
  out.audience = std::move(audience);
  out.audience.insert(out.audience.end(), requests.begin(), requests.end());
  return out;
}

}  // namespace

StoredMessage StoreMessage(db::Connection& c, const store::NewMessage& message) {
  const auto me = message.sender;
  const auto found = RequireMembership(c, me, message.conversation);
  const store::ConversationStore conversations;
  const store::MessageStore messages;
  const auto inserted = messages.Insert(c, message);
  // PostgreSQL: the insert's trigger found the 1:1's pair blocked, reading
  // after the pair's lock (migration 0028).
  if (inserted.refused) throw core::Error(core::ErrorCode::kForbidden, "You cannot message this user");
  if (inserted.conversation != message.conversation) {
    throw core::Error(core::ErrorCode::kConflict, "This clientId was used for a message in another conversation",
                      "clientId");
  }
  std::vector<store::MemberFacts> members;
  if (!found.is_group || inserted.created) members = conversations.MembersAround(c, message.conversation, me);
  // A 1:1 between users who blocked each other (either way) carries nothing.
  // Checked after the insert, whose unit this error rolls back: a check
  // before it would cost every send two more statements. (On PostgreSQL the
  // insert took the pair's lock: this read sees any block committed before,
  // and a block after waits for the unit.)
  if (!found.is_group && std::any_of(members.begin(), members.end(), [](const auto& m) { return m.blocked; })) {
    throw core::Error(core::ErrorCode::kForbidden, "You cannot message this user");
  }
  const std::array ids{inserted.id};
  StoredMessage out{.message = messages.LoadMany(c, ids).at(0), .created = inserted.created,
                    .new_blobs = inserted.new_blobs};
  if (!inserted.created) return out;
  // Replying to a request accepts it (API.md "Message requests").
  if (!found.accepted && conversations.Accept(c, message.conversation, me, message.now)) {
    out.newly_told = ActivityAudience(members, me, true);
  }

  auto [audience, requests] = SplitRecipients(members, me);
  out.audience = std::move(audience);
  if (requests.empty()) return out;
  // Hidden words hide a request from its recipient (not from its author).
  std::map<core::UserId, std::vector<std::string>> words;
  for (auto& [user, word] : conversations.RequestRecipientWords(c, message.conversation, me)) {
    words[user].push_back(std::move(word));
  }
  std::vector<core::UserId> hide;
  for (const auto user : requests) {
    const auto it = words.find(user);
    if (it != words.end() && users::ContainsHiddenWord(message.text, it->second)) {
      hide.push_back(user);
    } else {
      out.audience.push_back(user);
    }
  }
  conversations.HideRequest(c, message.conversation, hide);
  return out;
}

StoredMessage StoreTextMessage(db::Database& db, const store::NewMessage& message) {
  if (db.dialect() == db::Dialect::kPostgres && !message.media) {
    auto out = db::WriteStatementNow(db, [&](db::Connection& c) { return StoreInOneStatement(c, message); });
    if (out) return std::move(*out);
  }
  return db.WriteNow([&](db::Connection& c) { return StoreMessage(c, message); });
}

boost::asio::awaitable<std::optional<SentMessage>> ChargeMessage(Services& services, core::UserId me,
                                                                 core::ConversationId conversation,
                                                                 const std::string& client_id) {
  if (services.message_limiter == nullptr) co_return std::nullopt;
  const auto decision = co_await services.message_limiter->Acquire(me.ToString());
  if (decision.allowed) co_return std::nullopt;
  // Only on this rare path: one read to tell a retry from a new message.
  auto original = co_await services.db.Read([&](db::Connection& c) -> std::optional<SentMessage> {
    RequireMembership(c, me, conversation);
    const auto found = store::MessageStore().FindByClientId(c, me, client_id);
    if (!found || found->second != conversation) return std::nullopt;
    const std::array ids{found->first};
    return SentMessage{.message = views::Message(store::MessageStore().LoadMany(c, ids).at(0)), .created = false};
  });
  if (original) co_return original;
  core::Error error(core::ErrorCode::kRateLimited, "Too many messages, try again shortly");
  error.retry_after_seconds = decision.retry_after_seconds;
  throw error;
}

boost::asio::awaitable<SentMessage> Send(Services& services, core::UserId me, core::ConversationId conversation,
                                         std::string text, std::string client_id,
                                         std::optional<media_files::StoredImages> image,
                                         std::string sending_socket) {
  store::NewMessage row{.conversation = conversation,
                        .sender = me,
                        .text = std::move(text),
                        .client_id = std::move(client_id),
                        .media = std::nullopt,
                        .now = core::NowMillis()};
  if (image && !image->images.empty()) row.media = image->images.front().row;

  Stored stored;
  std::exception_ptr failure;
  try {
    const auto unit = [&] {
      if (!image) return StoreTextMessage(services.db, row);
      return services.db.WriteNow([&](db::Connection& c) {
        auto kept = StoreMessage(c, row);
        if (services.media != nullptr && kept.created) {
          media_files::EnsureStored(services.media->blobs, kept.new_blobs, image->bytes_by_key);
        }
        return kept;
      });
    };
    stored = co_await services.db.pool().Run([&] {
      const std::lock_guard order(DeliveryOrderLock(conversation));
      auto kept = unit();
      Stored out{.message = views::Message(kept.message),
                 .created = kept.created,
                 .members = std::move(kept.audience),
                 .newly_told = std::move(kept.newly_told)};
      if (out.created) {
        MessagesSent().Inc();
        live::EmitToUsers(services, out.members, "message:new", boost::json::object{{"message", out.message}},
                          sending_socket);
      }
      return out;
    });
  } catch (...) {
    failure = std::current_exception();
  }
  // Outside the handler: a coroutine cannot co_await inside a catch block.
  if (image && (failure || !stored.created)) co_await media_files::DeleteUnreferenced(services, image->keys());
  if (failure) std::rethrow_exception(failure);
  co_await live::RetellPresence(services, me, std::move(stored.newly_told));
  co_return SentMessage{.message = std::move(stored.message), .created = stored.created};
}

}  // namespace lenslet::api::conversations::detail
