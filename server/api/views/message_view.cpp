#include "api/views/message_view.hpp"

#include "api/views/post_view.hpp"
#include "core/time.hpp"

namespace lenslet::api::views {

boost::json::object Message(const store::MessageRow& message) {
  return {
      {"id", message.id.ToString()},
      {"conversationId", message.conversation.ToString()},
      {"sender", Author(message.sender)},
      {"text", message.text},
      {"media", message.media ? boost::json::value(MediaItem(*message.media)) : boost::json::value(nullptr)},
      {"clientId", message.client_id},
      {"createdAt", core::ToIso8601(message.created_at)},
  };
}

}  // namespace lenslet::api::views
