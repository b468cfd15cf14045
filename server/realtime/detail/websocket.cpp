// The WebSocket transport: the one file of realtime/ that includes Beast (it is
// heavy to compile). One reader coroutine per socket and a writer driven by
// completion handlers, both on the socket's strand: one write in flight at a
// time, with the session's bounded queue behind it (Beast's chat-multi
// pattern). An idle connection holds the socket, the pending read and this
// object; no timer, no wake-up channel and no writer coroutine.
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
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
#include <optional>
#include <tuple>
#include <vector>

#include "realtime/detail/engine.hpp"

namespace lenslet::realtime::detail {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
using protocol::EioPacket;
using protocol::EioPacketType;
using Clock = std::chrono::steady_clock;
constexpr auto kUseTuple = net::as_tuple(net::use_awaitable);
constexpr std::chrono::seconds kHandshakeTimeout{10};

using WsStream = websocket::stream<beast::tcp_stream>;

class WsConnection final : public Writer, public std::enable_shared_from_this<WsConnection> {
 public:
  WsConnection(Engine& engine, WsStream ws, std::shared_ptr<EngineSession> session, bool attached)
      : engine_(engine),
        ws_(std::move(ws)),
        session_(std::move(session)),
        attached_(attached),
        write_timer_(ws_.get_executor()) {
    engine_.CountWebSocket(true);
  }
  ~WsConnection() override { engine_.CountWebSocket(false); }
  WsConnection(const WsConnection&) = delete;
  WsConnection& operator=(const WsConnection&) = delete;

  // Any thread. One post per burst of wake-ups: those that come before it
  // runs are absorbed, and Pump takes everything queued by then.
  void Wake() override {
    if (wake_posted_.exchange(true)) return;
    net::post(ws_.get_executor(), [self = shared_from_this()] {
      self->wake_posted_.store(false);
      self->Pump();
    });
  }

  net::awaitable<void> Read() {
    beast::flat_buffer buffer;
    while (true) {
      auto [ec, n] = co_await ws_.async_read(buffer, kUseTuple);
      if (ec) break;  // closed, reset, or over read_message_max (Beast answers 1009)
      const bool is_binary = !ws_.got_text();
      auto packet = protocol::DecodeWebSocketFrame(beast::buffers_to_string(buffer.data()), is_binary,
                                                   engine_.limits());
      // Released after each message: an idle connection keeps no read buffer.
      buffer.consume(buffer.size());
      buffer.shrink_to_fit();
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
        Pump();
        session_->OnProbe();
      } else if (packet->type == EioPacketType::kUpgrade && session_->CompleteUpgrade(weak_from_this())) {
        attached_ = true;
        Pump();
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
  }

  // An upgrade that is not completed in time is dropped (engine.io "upgradeTimeout").
  net::awaitable<void> UpgradeTimeout(std::chrono::milliseconds timeout) {
    net::steady_timer timer(ws_.get_executor(), timeout);
    co_await timer.async_wait(kUseTuple);
    if (!attached_ && !reader_done_) beast::get_lowest_layer(ws_).close();
  }

 private:
  // Strand only, like every member below but wake_posted_. Sends what is
  // queued, one message at a time, then looks again; ends with the close
  // handshake once the session is closed and drained.
  void Pump() {
    if (writing_ || finished_ || reader_done_) return;
    out_.swap(control_);
    bool closed = false;
    if (attached_) {
      auto taken = session_->Take(closed);
      if (out_.empty()) {
        out_ = std::move(taken);
      } else {
        for (auto& packet : taken) out_.push_back(std::move(packet));
      }
    } else {
      closed = session_->closed();
    }
    if (!out_.empty()) {
      next_ = 0;
      writing_ = true;
      WriteNext();
    } else if (closed) {
      // The reader ends when the close handshake completes.
      writing_ = true;
      ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](beast::error_code) {
        self->writing_ = false;
        self->finished_ = true;
      });
    }
  }

  void WriteNext() {
    if (next_ == out_.size()) {
      // The batch is out: release its memory, then look for more.
      std::vector<EioPacket>().swap(out_);
      std::string().swap(frame_);
      writing_ = false;
      Pump();
      return;
    }
    const EioPacket& packet = out_[next_++];
    ws_.binary(packet.binary);
    frame_ = protocol::EncodeWebSocketFrame(packet);
    ArmWriteTimeout();
    ws_.async_write(net::buffer(frame_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) {
        self->Fail();
        return;
      }
      self->WriteNext();
    });
  }

  // A peer that stops reading stalls the write; its queue then overflows and
  // closes the session, and this frees the socket itself. One timer for all
  // writes: each write moves the deadline, the timer re-arms itself only when
  // it fires early, so a busy connection does not pay a timer per message.
  void ArmWriteTimeout() {
    write_deadline_ = Clock::now() + engine_.options().write_timeout;
    if (!timer_armed_) StartWriteTimer();
  }

  void StartWriteTimer() {
    timer_armed_ = true;
    write_timer_.expires_at(write_deadline_);
    write_timer_.async_wait([weak = weak_from_this()](beast::error_code) {
      const auto self = weak.lock();
      if (!self) return;
      self->timer_armed_ = false;
      if (!self->writing_ || self->finished_) return;
      if (Clock::now() < self->write_deadline_) {
        self->StartWriteTimer();  // writes went on since: wait for the latest deadline
        return;
      }
      self->Fail();
    });
  }

  void Fail() {
    if (finished_) return;
    finished_ = true;
    if (attached_) session_->Close("transport error", false);
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

  Engine& engine_;
  WsStream ws_;
  std::shared_ptr<EngineSession> session_;
  bool attached_;  // the session's transport
  bool reader_done_ = false;
  bool writing_ = false;   // a write or the close handshake in flight
  bool finished_ = false;  // closed or failed: nothing more to send
  std::atomic<bool> wake_posted_{false};
  std::vector<EioPacket> control_;  // probe answers, before the session's packets
  std::vector<EioPacket> out_;      // the batch being written
  std::size_t next_ = 0;
  std::string frame_;  // the message being written
  net::steady_timer write_timer_;
  Clock::time_point write_deadline_;
  bool timer_armed_ = false;
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
  // Wakes the writer at once: the `open` packet is queued.
  if (!upgrading) session->AttachWriter(connection);
  const auto executor = co_await net::this_coro::executor;
  // The reader runs as its own task; this frame (and the request it holds) ends here.
  net::co_spawn(executor, [connection] { return connection->Read(); }, LogFailure);
  if (upgrading) {
    net::co_spawn(
        executor, [connection, timeout = options_.upgrade_timeout] { return connection->UpgradeTimeout(timeout); },
        LogFailure);
  }
}

}  // namespace lenslet::realtime::detail
