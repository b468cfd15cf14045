#include "api/live/message_events.hpp"

#include <spdlog/spdlog.h>

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

realtime::Payload ErrorAnswer(const core::Error& error) { return realtime::Payload{}.Add(core::ErrorBody(error)); }

// Counts one event against the socket's budget of its kind; over it, the
// event is refused (an error ack when asked, else dropped) before any work.
void RequireWithinBudget(EventBudget& budget, int limit, std::string_view what) {
  const auto decision = budget.Spend(limit, std::chrono::steady_clock::now());
  if (decision.allowed) return;
  core::Error error(core::ErrorCode::kRateLimited, "Too many " + std::string(what) + " events, try again later");
  error.retry_after_seconds = decision.retry_after_seconds;
  throw error;
}

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
    RequireWithinBudget(user.typing_budget, services.typing_limit_per_socket, "typing");
    const auto conversation = IdField<core::ConversationId>(ObjectArgument(payload), "conversationId");
    if (!user.typing.MayRelay(conversation, std::chrono::steady_clock::now())) co_return realtime::Payload{};
    // Membership first (404 for anyone else): only conversations of the
    // caller's are ever recorded in the throttle.
    const auto others = co_await conversations::OtherMembers(services, user.user, conversation);
    if (!user.typing.Relayed(conversation, std::chrono::steady_clock::now())) co_return realtime::Payload{};
    EmitToUsers(services, others, "typing",
                json::object{{"conversationId", conversation.ToString()}, {"user", json::parse(user.profile_json)}});
    co_return realtime::Payload{};
  });
}

awaitable<void> OnRead(realtime::Socket& socket, Services& services, realtime::Payload payload, realtime::Ack ack) {
  auto& user = UserOf(socket);
  const auto me = user.user;
  co_await Answering("message:read", ack, [&]() -> awaitable<realtime::Payload> {
    RequireWithinBudget(user.read_budget, services.read_limit_per_socket, "message:read");
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
