#include "api/conversations/detail/send.hpp"

#include <array>

#include "api/conversations/detail/conversation_access.hpp"
#include "api/live/events.hpp"
#include "api/views/message_view.hpp"
#include "core/error.hpp"
#include "store/block_store.hpp"

namespace lenslet::api::conversations::detail {
namespace {

// A 1:1 conversation cannot carry messages between users who blocked each
// other (either way). Groups can: a block hides profiles, it does not stop
// the rest of a group talking.
void RefuseBlockedDirect(db::Connection& c, core::UserId me, const store::ConversationRow& conversation) {
  if (conversation.is_group) return;
  for (const auto member : store::ConversationStore().MemberIds(c, conversation.id)) {
    if (member != me && store::BlockStore().EitherBlocks(c, me, member)) {
      throw core::Error(core::ErrorCode::kForbidden, "You cannot message this user");
    }
  }
}

struct Stored {
  boost::json::object message;
  bool created = false;
  std::vector<core::UserId> members;  // to tell, when created
};

}  // namespace

void ChargeMessage(Services& services, core::UserId me) {
  if (services.message_limiter == nullptr) return;
  const auto decision = services.message_limiter->Acquire(me.ToString());
  if (decision.allowed) return;
  core::Error error(core::ErrorCode::kRateLimited, "Too many messages, try again shortly");
  error.retry_after_seconds = decision.retry_after_seconds;
  throw error;
}

boost::asio::awaitable<SentMessage> Send(Services& services, core::UserId me, core::ConversationId conversation,
                                         std::string text, std::string client_id,
                                         std::optional<media_files::StoredImages> image) {
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
    stored = co_await services.db.Write([&](db::Connection& c) {
      const auto found = RequireMembership(c, me, conversation);
      RefuseBlockedDirect(c, me, found);
      const auto inserted = store::MessageStore().Insert(c, row);
      if (inserted.conversation != conversation) {
        throw core::Error(core::ErrorCode::kConflict, "This clientId was used for a message in another conversation",
                          "clientId");
      }
      if (image && services.media != nullptr) {
        media_files::EnsureStored(services.media->blobs, inserted.new_blobs, image->bytes_by_key);
      }
      const std::array ids{inserted.id};
      Stored out{.message = views::Message(store::MessageStore().LoadMany(c, ids).at(0)),
                 .created = inserted.created};
      if (inserted.created) out.members = store::ConversationStore().MemberIds(c, conversation);
      return out;
    });
  } catch (...) {
    failure = std::current_exception();
  }
  // Outside the handler: a coroutine cannot co_await inside a catch block.
  if (image && (failure || !stored.created)) co_await media_files::DeleteUnreferenced(services, image->keys());
  if (failure) std::rethrow_exception(failure);

  if (stored.created) {
    live::EmitToUsers(services, stored.members, "message:new", boost::json::object{{"message", stored.message}});
  }
  co_return SentMessage{.message = std::move(stored.message), .created = stored.created};
}

}  // namespace lenslet::api::conversations::detail
