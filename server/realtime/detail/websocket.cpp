// The WebSocket transport: the one file of realtime/ that includes Beast (it is
// heavy to compile). One reader (this coroutine) and one writer coroutine per
// socket, both on the socket's strand: one write in flight at a time, with the
// session's bounded queue behind it (Beast's chat-multi pattern).
#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>
#include <optional>
#include <tuple>

#include "realtime/detail/engine.hpp"

namespace lenslet::realtime::detail {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
using protocol::EioPacket;
using protocol::EioPacketType;
constexpr auto kUseTuple = net::as_tuple(net::use_awaitable);
using namespace net::experimental::awaitable_operators;  // NOLINT: operator|| on awaitables, this file only
constexpr std::chrono::seconds kHandshakeTimeout{10};
// The writer sleeps until woken; this only bounds how long it can miss a wake-up.
constexpr std::chrono::seconds kWriterNap{30};

using WsStream = websocket::stream<beast::tcp_stream>;

class WsConnection : public std::enable_shared_from_this<WsConnection> {
 public:
  WsConnection(Engine& engine, WsStream ws, std::shared_ptr<EngineSession> session, bool attached)
      : engine_(engine),
        ws_(std::move(ws)),
        session_(std::move(session)),
        attached_(attached),
        signal_(std::make_shared<Signal>(ws_.get_executor())) {
    engine_.CountWebSocket(true);
  }
  ~WsConnection() { engine_.CountWebSocket(false); }
  WsConnection(const WsConnection&) = delete;
  WsConnection& operator=(const WsConnection&) = delete;

  const std::shared_ptr<Signal>& signal() const { return signal_; }

  net::awaitable<void> Read() {
    const Engine& engine = engine_;
    beast::flat_buffer buffer;
    while (true) {
      auto [ec, n] = co_await ws_.async_read(buffer, kUseTuple);
      if (ec) break;  // closed, reset, or over read_message_max (Beast answers 1009)
      const bool is_binary = !ws_.got_text();
      auto packet = protocol::DecodeWebSocketFrame(beast::buffers_to_string(buffer.data()), is_binary,
                                                   engine.limits());
      buffer.consume(buffer.size());
      if (!packet) {
        spdlog::debug("engine.io session {}: bad frame ({})", session_->sid(), packet.error().message);
        if (attached_) session_->Close("parse error", false);
        break;
      }
      if (attached_) {
        session_->OnPacket(std::move(*packet));
        continue;
      }
      // Probe phase (engine.io-protocol "Upgrade"): "2probe", then "5".
      if (packet->type == EioPacketType::kPing && packet->data == "probe") {
        control_.push_back(EioPacket::Text(EioPacketType::kPong, "probe"));
        signal_->Notify();
        session_->OnProbe();
      } else if (packet->type == EioPacketType::kUpgrade && session_->CompleteUpgrade(signal_)) {
        attached_ = true;
        signal_->Notify();
      } else {
        break;  // anything else during the probe: drop this WebSocket, polling goes on
      }
    }
    if (attached_) {
      session_->Close("transport close", false);
    } else {
      session_->AbortProbe();
    }
    reader_done_ = true;
    signal_->Notify();
  }

  net::awaitable<void> Write() {
    while (true) {
      std::vector<EioPacket> out(std::make_move_iterator(control_.begin()), std::make_move_iterator(control_.end()));
      control_.clear();
      bool closed = false;
      if (attached_) {
        auto taken = session_->Take(closed);
        for (auto& packet : taken) out.push_back(std::move(packet));
      } else {
        closed = session_->closed();
      }
      for (const auto& packet : out) {
        ws_.binary(packet.binary);
        const std::string frame = protocol::EncodeWebSocketFrame(packet);
        // A peer that stops reading stalls the write; its queue then overflows
        // and closes the session, and this timeout frees the socket itself.
        net::steady_timer timer(ws_.get_executor(), engine_.options().write_timeout);
        const auto result = co_await (ws_.async_write(net::buffer(frame), kUseTuple) || timer.async_wait(kUseTuple));
        if (result.index() != 0 || std::get<0>(std::get<0>(result))) {
          if (attached_) session_->Close("transport error", false);
          beast::get_lowest_layer(ws_).close();
          co_return;
        }
      }
      if (reader_done_) {
        co_return;
      }
      if (closed) {
        // The reader ends when the close handshake completes.
        co_await ws_.async_close(websocket::close_code::normal, kUseTuple);
        co_return;
      }
      if (out.empty()) co_await signal_->Wait(kWriterNap);
    }
  }

  // An upgrade that is not completed in time is dropped (engine.io "upgradeTimeout").
  net::awaitable<void> UpgradeTimeout(std::chrono::milliseconds timeout) {
    net::steady_timer timer(ws_.get_executor(), timeout);
    co_await timer.async_wait(kUseTuple);
    if (!attached_ && !reader_done_) beast::get_lowest_layer(ws_).close();
  }

 private:
  Engine& engine_;
  WsStream ws_;
  std::shared_ptr<EngineSession> session_;
  bool attached_;  // the session's transport (strand only, like all below)
  bool reader_done_ = false;
  std::deque<EioPacket> control_;
  std::shared_ptr<Signal> signal_;
};

void LogFailure(std::exception_ptr error) {
  if (!error) return;
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    spdlog::error("websocket writer failed: {}", e.what());
  } catch (...) {
    spdlog::error("websocket writer failed");
  }
}

net::awaitable<void> Refuse(beast::tcp_stream& stream, const HttpAnswer& answer) {
  bhttp::response<bhttp::string_body> response;
  response.version(11);
  response.result(static_cast<unsigned>(answer.status));
  for (const auto& [name, value] : answer.headers) response.insert(name, value);
  response.set(bhttp::field::content_type, answer.content_type);
  response.keep_alive(false);
  response.body() = answer.body;
  response.prepare_payload();
  stream.expires_after(kHandshakeTimeout);
  co_await bhttp::async_write(stream, response, kUseTuple);
  beast::error_code ec;
  stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
}

}  // namespace

net::awaitable<void> Engine::HandleWebSocket(HttpRequest request, net::ip::tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  const Handshake& handshake = request.handshake;
  const std::string sid = handshake.Query("sid");
  std::shared_ptr<EngineSession> session;
  std::optional<HttpAnswer> refusal;
  if (handshake.Query("EIO") != "4") {
    refusal = Error(400, kErrorUnsupportedProtocolVersion, "Unsupported protocol version");
  } else if (handshake.Query("transport") != "websocket") {
    refusal = Error(400, kErrorUnknownTransport, "Transport unknown");
  } else if (!sid.empty()) {
    session = Find(sid);
    if (session == nullptr) {
      refusal = Error(400, kErrorUnknownSid, "Session ID unknown");
    } else if (!session->BeginProbe()) {
      refusal = Error(400, kErrorBadRequest, "Bad request");
    }
  } else if (stopping()) {
    refusal = Error(503, kErrorBadRequest, "Server shutting down");
  } else if (options_.allow_request && !options_.allow_request(handshake)) {
    refusal = Error(403, kErrorForbidden, "Forbidden");
  }
  if (refusal) {
    co_await Refuse(stream, *refusal);
    co_return;
  }

  WsStream ws(std::move(stream));
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = kHandshakeTimeout;
  // Engine.IO's own heartbeat watches the peer; Beast's pings would be noise.
  timeouts.idle_timeout = websocket::stream_base::none();
  timeouts.keep_alive_pings = false;
  ws.set_option(timeouts);
  ws.read_message_max(options_.max_payload);

  beast::error_code ec;
  {
    // Scoped: the upgrade request's fields go before the connection starts.
    bhttp::request<bhttp::empty_body> upgrade;
    upgrade.method(bhttp::verb::get);
    upgrade.target(handshake.url);
    upgrade.version(11);
    for (const auto& [name, value] : handshake.headers) upgrade.insert(name, value);
    std::tie(ec) = co_await ws.async_accept(upgrade, kUseTuple);
  }
  if (ec) {
    if (session) session->AbortProbe();
    co_return;
  }

  const bool upgrading = session != nullptr;
  if (!upgrading) session = Open(TransportKind::kWebSocket, handshake, ws.get_executor());
  auto connection = std::make_shared<WsConnection>(*this, std::move(ws), session, !upgrading);
  if (!upgrading) session->AttachWriter(connection->signal());
  const auto executor = co_await net::this_coro::executor;
  // The reader and the writer run as their own tasks; this frame (and the
  // request it holds) ends here.
  net::co_spawn(executor, [connection] { return connection->Read(); }, LogFailure);
  net::co_spawn(executor, [connection] { return connection->Write(); }, LogFailure);
  if (upgrading) {
    net::co_spawn(
        executor, [connection, timeout = options_.upgrade_timeout] { return connection->UpgradeTimeout(timeout); },
        LogFailure);
  }
}

}  // namespace lenslet::realtime::detail
