#include "api/live/message_events.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <chrono>
#include <exception>
#include <string>

#include "api/conversations/conversations.hpp"
#include "api/live/connected_user.hpp"
#include "api/live/events.hpp"
#include "core/error.hpp"
#include "core/error_body.hpp"

namespace lenslet::api::live {
namespace {

namespace json = boost::json;
using boost::asio::awaitable;

constexpr auto kTypingRelayInterval = std::chrono::seconds(1);

realtime::Payload ErrorAnswer(const core::Error& error) { return realtime::Payload{}.Add(core::ErrorBody(error)); }

// The event's single object argument.
const json::object& ObjectArgument(const realtime::Payload& payload) {
  if (payload.args.empty() || !payload.args.front().is_object()) {
    throw core::Error(core::ErrorCode::kBadRequest, "The event's argument must be an object");
  }
  return payload.args.front().as_object();
}

std::string StringField(const json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  if (!value || !value->is_string()) core::ThrowInvalid(std::string(name), std::string(name) + " must be a string");
  return std::string(value->as_string());
}

// Ids are strings in JSON (API.md); one that names nothing is "not found",
// exactly like an id of a conversation the caller is not in.
template <typename Id>
Id IdField(const json::object& object, std::string_view name) {
  const auto text = StringField(object, name);
  const auto id = Id::Parse(text);
  if (!id) core::ThrowNotFound();
  return *id;
}

// Runs one event: refusals answer the ack (when there is one) and never close
// the connection; unexpected failures are logged and answered as internal.
template <typename Body>
awaitable<void> Answering(std::string_view event, const realtime::Ack& ack, Body body) {
  std::optional<realtime::Payload> error;
  try {
    auto answer = co_await body();
    if (ack) ack(std::move(answer));
    co_return;
  } catch (const core::Error& e) {
    error = ErrorAnswer(e);
  } catch (const std::exception& e) {
    spdlog::error("realtime: {} failed: {}", event, e.what());
    error = ErrorAnswer(core::Error(core::ErrorCode::kInternal, "Something went wrong"));
  }
  if (ack) ack(std::move(*error));
}

awaitable<void> OnSend(realtime::Socket& socket, Services& services, realtime::Payload payload, realtime::Ack ack) {
  const auto me = UserOf(socket).user;
  co_await Answering("message:send", ack, [&]() -> awaitable<realtime::Payload> {
    const auto& args = ObjectArgument(payload);
    const auto conversation = IdField<core::ConversationId>(args, "conversationId");
    conversations::NewMessage message{.text = StringField(args, "text"),
                                      .client_id = StringField(args, "clientId"),
                                      .sending_socket = socket.id()};
    auto sent = co_await conversations::SendMessage(services, me, conversation, std::move(message));
    co_return realtime::Payload{}.Add(json::object{{"message", std::move(sent.message)}});
  });
}

awaitable<void> OnTyping(realtime::Socket& socket, Services& services, realtime::Payload payload, realtime::Ack ack) {
  auto& user = UserOf(socket);
  co_await Answering("typing", ack, [&]() -> awaitable<realtime::Payload> {
    const auto conversation = IdField<core::ConversationId>(ObjectArgument(payload), "conversationId");
    const auto now = std::chrono::steady_clock::now();
    auto last = std::find_if(user.last_typing.begin(), user.last_typing.end(),
                             [&](const auto& entry) { return entry.first == conversation; });
    if (last == user.last_typing.end()) {
      user.last_typing.emplace_back(conversation, now);
    } else {
      if (now - last->second < kTypingRelayInterval) co_return realtime::Payload{};
      last->second = now;
    }
    const auto others = co_await conversations::OtherMembers(services, user.user, conversation);
    EmitToUsers(services, others, "typing",
                json::object{{"conversationId", conversation.ToString()}, {"user", json::parse(user.profile_json)}});
    co_return realtime::Payload{};
  });
}

awaitable<void> OnRead(realtime::Socket& socket, Services& services, realtime::Payload payload, realtime::Ack ack) {
  const auto me = UserOf(socket).user;
  co_await Answering("message:read", ack, [&]() -> awaitable<realtime::Payload> {
    const auto& args = ObjectArgument(payload);
    const auto conversation = IdField<core::ConversationId>(args, "conversationId");
    const auto message = IdField<core::MessageId>(args, "messageId");
    co_await conversations::MarkMessagesRead(services, me, conversation, message);
    co_return realtime::Payload{};
  });
}

}  // namespace

void RegisterMessageEvents(realtime::Namespace& nsp, Services& services) {
  nsp.On("message:send", [&services](realtime::Socket& s, realtime::Payload p, realtime::Ack ack) {
    return OnSend(s, services, std::move(p), std::move(ack));
  });
  nsp.On("typing", [&services](realtime::Socket& s, realtime::Payload p, realtime::Ack ack) {
    return OnTyping(s, services, std::move(p), std::move(ack));
  });
  nsp.On("message:read", [&services](realtime::Socket& s, realtime::Payload p, realtime::Ack ack) {
    return OnRead(s, services, std::move(p), std::move(ack));
  });
}

}  // namespace lenslet::api::live
