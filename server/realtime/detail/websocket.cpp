// The WebSocket transport over a plain tcp::socket, with our own RFC 6455
// framing (protocol/websocket_frame.hpp). Everything runs on the socket's
// strand from completion handlers: the reader waits for readability with no
// buffer of its own (bytes go through a per-thread scratch buffer, and only an
// unfinished frame is kept), the writer sends the session's queue one batch
// per write, one write in flight (Beast's chat-multi pattern). An idle
// connection holds the socket, one pending wait and this object: no timer, no
// coroutine frame, no read buffer.
#include <spdlog/spdlog.h>

#include <array>
#include <memory>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>
#include <tuple>
#include <vector>

#include "realtime/detail/engine.hpp"
#include "realtime/protocol/websocket_frame.hpp"

namespace lenslet::realtime::detail {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using net::ip::tcp;
using protocol::EioPacket;
using protocol::EioPacketType;
using protocol::WsEvent;
using protocol::WsOpcode;
using Clock = std::chrono::steady_clock;
constexpr auto kUseTuple = net::as_tuple(net::use_awaitable);
constexpr std::chrono::seconds kHandshakeTimeout{10};
// The bytes of one read: whatever the socket holds, up to this, per read.
constexpr std::size_t kScratchBytes = 16 * 1024;

class WsConnection final : public Writer, public std::enable_shared_from_this<WsConnection> {
 public:
  WsConnection(Engine& engine, tcp::socket socket, std::shared_ptr<EngineSession> session, bool attached)
      : engine_(engine),
        socket_(std::move(socket)),
        session_(std::move(session)),
        reader_(engine.options().max_payload),
        attached_(attached),
        timer_(socket_.get_executor()) {
    engine_.CountWebSocket(true);
  }
  ~WsConnection() override { engine_.CountWebSocket(false); }
  WsConnection(const WsConnection&) = delete;
  WsConnection& operator=(const WsConnection&) = delete;

  // Strand only: starts reading (and, for a probe, its upgrade deadline).
  void Start(std::optional<std::chrono::milliseconds> upgrade_timeout) {
    boost::system::error_code ignored;
    socket_.non_blocking(true, ignored);
    if (upgrade_timeout) {
      // engine.io "upgradeTimeout": a probe not completed in time is dropped.
      timer_.expires_after(*upgrade_timeout);
      timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
        const auto self = weak.lock();
        if (ec || !self || self->attached_) return;
        self->Shutdown();
      });
    }
    WaitReadable();
  }

  // Any thread. One post per burst of wake-ups: those that come before it
  // runs are absorbed, and Pump takes everything queued by then.
  void Wake() override {
    if (wake_posted_.exchange(true)) return;
    net::post(socket_.get_executor(), [self = shared_from_this()] {
      self->wake_posted_.store(false);
      self->Pump();
    });
  }

 private:
  // ---- Reading (strand only, like every member but wake_posted_)

  void WaitReadable() {
    // The plain allocator, not Asio's per-thread recycling one: this wait lives
    // as long as the connection idles, and a recycled block is whatever size
    // the last operation freed (an accept's, say), not this operation's.
    socket_.async_wait(tcp::socket::wait_read,
                       net::bind_allocator(std::allocator<void>(), [self = shared_from_this()](boost::system::error_code ec) {
                         self->OnReadable(ec);
                       }));
  }

  void OnReadable(boost::system::error_code ec) {
    if (reader_done_) return;
    if (ec) return EndReading();
    // WARNING: thread_local, not a member: an idle connection owns no read buffer.
    thread_local std::array<char, kScratchBytes> scratch;
    const std::size_t n = socket_.read_some(net::buffer(scratch), ec);
    if (ec == net::error::would_block || ec == net::error::try_again) return WaitReadable();
    if (ec) return EndReading();  // end of stream, reset
    std::string_view bytes(scratch.data(), n);
    std::optional<protocol::WsFailure> failure;
    while (auto event = reader_.Next(bytes, failure)) {
      if (!OnEvent(std::move(*event))) return;
    }
    if (failure) {
      spdlog::debug("engine.io session #{}: websocket {}", session_->log_id(), failure->reason);
      return CloseWith(failure->close_code);
    }
    WaitReadable();
  }

  // false when reading is over.
  bool OnEvent(WsEvent event) {
    switch (event.kind) {
      case WsEvent::Kind::kPing:
        control_.push_back(protocol::EncodeWsFrame(WsOpcode::kPong, event.payload));
        Pump();
        return true;
      case WsEvent::Kind::kPong:
        return true;
      case WsEvent::Kind::kClose:
        if (close_sent_) {
          // The answer to our close: the handshake is complete.
          EndReading();
        } else {
          // Echo the peer's code (RFC 6455 5.5.1), then close the TCP connection.
          CloseWith(event.close_code == 1005 ? std::uint16_t{0} : event.close_code);
        }
        return false;
      case WsEvent::Kind::kText:
      case WsEvent::Kind::kBinary:
        return OnMessage(std::move(event.payload), event.kind == WsEvent::Kind::kBinary);
    }
    return true;
  }

  bool OnMessage(std::string data, bool binary) {
    auto packet = protocol::DecodeWebSocketFrame(data, binary, engine_.limits());
    if (!packet) {
      spdlog::debug("engine.io session #{}: bad frame ({})", session_->log_id(), packet.error().message);
      if (attached_) session_->Close("parse error", false);
      EndReading();
      return false;
    }
    if (attached_) {
      session_->OnPacket(std::move(*packet));
      return !reader_done_;
    }
    // Probe phase (engine.io-protocol "Upgrade"): "2probe", then "5".
    if (packet->type == EioPacketType::kPing && packet->data == "probe") {
      control_.push_back(
          protocol::EncodeWsFrame(WsOpcode::kText, protocol::EncodeWebSocketFrame(EioPacket::Text(EioPacketType::kPong, "probe"))));
      Pump();
      session_->OnProbe();
      return true;
    }
    if (packet->type == EioPacketType::kUpgrade && session_->CompleteUpgrade(weak_from_this())) {
      attached_ = true;
      timer_.cancel();
      Pump();
      return true;
    }
    EndReading();  // anything else during the probe: drop this WebSocket, polling goes on
    return false;
  }

  // The peer is gone or done: the session ends with its transport.
  void EndReading() {
    if (reader_done_) return;
    reader_done_ = true;
    if (attached_) {
      session_->Close("transport close", false);
    } else {
      session_->AbortProbe();
    }
    Shutdown();
  }

  // Sends a close frame (code 0: one without a code) after what is being
  // written, then drops the connection.
  void CloseWith(std::uint16_t code) {
    std::string frame = code == 0 ? protocol::EncodeWsFrame(WsOpcode::kClose, {}) : protocol::EncodeWsClose(code);
    reader_done_ = true;
    if (attached_) {
      session_->Close("transport close", false);
    } else {
      session_->AbortProbe();
    }
    final_frame_ = std::move(frame);
    Pump();
  }

  void Shutdown() {
    finished_ = true;
    boost::system::error_code ignored;
    timer_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  // ---- Writing

  // Sends what is queued in one write, then looks again. A closed session
  // ends with our close frame; the connection ends when the peer answers it
  // (or the write timeout passes).
  void Pump() {
    if (writing_ || finished_) return;
    std::string batch;
    for (auto& frame : control_) batch += frame;
    std::vector<std::string>().swap(control_);
    bool closed = false;
    if (attached_ && !reader_done_) {
      for (const auto& packet : session_->Take(closed)) {
        batch += protocol::EncodeWsFrame(packet.binary ? WsOpcode::kBinary : WsOpcode::kText,
                                         protocol::EncodeWebSocketFrame(packet));
      }
    } else if (!reader_done_) {
      closed = session_->closed();
    }
    bool last = false;
    if (final_frame_) {
      batch += *final_frame_;
      final_frame_.reset();
      last = true;
    } else if (closed && !close_sent_) {
      batch += protocol::EncodeWsClose(protocol::kWsCloseNormal);
      close_sent_ = true;
    }
    if (batch.empty()) return;
    frame_ = std::move(batch);
    writing_ = true;
    ArmWriteTimeout();
    net::async_write(socket_, net::buffer(frame_),
                     [self = shared_from_this(), last](boost::system::error_code ec, std::size_t) {
                       self->writing_ = false;
                       std::string().swap(self->frame_);
                       if (ec || last) return self->Shutdown();
                       if (self->close_sent_) self->ArmWriteTimeout();  // for the peer's answer
                       self->Pump();
                       // Idle again: the pending timeout goes, so an idle connection holds no timer operation.
                       if (!self->writing_ && !self->close_sent_ && self->timer_armed_) self->timer_.cancel();
                     });
  }

  // A peer that stops reading stalls the write; its queue then overflows and
  // closes the session, and this frees the socket itself (likewise a peer that
  // never answers our close). One timer for all writes: each write moves the
  // deadline and the timer re-arms itself only when it fires early, so a busy
  // connection does not pay a timer operation per message.
  void ArmWriteTimeout() {
    deadline_ = Clock::now() + engine_.options().write_timeout;
    if (!timer_armed_ && attached_) StartTimer();
  }

  void StartTimer() {
    timer_armed_ = true;
    timer_.expires_at(deadline_);
    timer_.async_wait([weak = weak_from_this()](boost::system::error_code) {
      const auto self = weak.lock();
      if (!self) return;
      self->timer_armed_ = false;
      if (self->finished_ || !(self->writing_ || self->close_sent_)) return;
      if (Clock::now() < self->deadline_) return self->StartTimer();  // writes went on since
      if (self->attached_) self->session_->Close("transport error", false);
      self->Shutdown();
    });
  }

  Engine& engine_;
  tcp::socket socket_;
  std::shared_ptr<EngineSession> session_;
  protocol::WsReader reader_;
  bool attached_;             // the session's transport
  bool reader_done_ = false;  // no more reading (the peer closed, failed, or was refused)
  bool writing_ = false;      // a write in flight
  bool close_sent_ = false;   // our close frame is out: waiting for the peer's
  bool finished_ = false;     // the socket is closed
  std::atomic<bool> wake_posted_{false};
  std::vector<std::string> control_;         // pongs, before the session's packets
  std::optional<std::string> final_frame_;   // a close frame after which we hang up
  std::string frame_;                        // the bytes being written
  net::steady_timer timer_;                  // write timeout, or a probe's upgrade timeout
  Clock::time_point deadline_;
  bool timer_armed_ = false;
};

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
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

// Completes the handshake, then closes at once with a close frame (no code,
// as engine.io's `websocket.close()` sends) and waits, bounded, for the peer to
// answer it and hang up. For a second WebSocket naming a session that already
// has one (upgraded, or a probe under way): engine.io accepts such a
// connection and closes it rather than refusing the handshake.
net::awaitable<void> AcceptAndClose(beast::tcp_stream& stream, std::string_view key) {
  const std::string answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                             "Sec-WebSocket-Accept: " + protocol::WsAcceptKey(key) + "\r\n\r\n" +
                             protocol::EncodeWsFrame(WsOpcode::kClose, {});
  stream.expires_after(kHandshakeTimeout);
  auto [ec, n] = co_await net::async_write(stream, net::buffer(answer), kUseTuple);
  // Whatever the peer sends now (its close frame) is read and dropped until it hangs up.
  std::array<char, 512> sink;
  while (!ec) std::tie(ec, n) = co_await stream.async_read_some(net::buffer(sink), kUseTuple);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

}  // namespace

net::awaitable<void> Engine::HandleWebSocket(HttpRequest request, tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  const Handshake& handshake = request.handshake;
  const std::string sid = handshake.Query("sid");
  const std::string_view key = handshake.Header("Sec-WebSocket-Key");
  std::shared_ptr<EngineSession> session;
  std::optional<HttpAnswer> refusal;
  if (handshake.Header("Sec-WebSocket-Version") != "13") {
    // RFC 6455 4.4: the versions we speak.
    refusal = Error(426, kErrorBadRequest, "Unsupported WebSocket version");
    refusal->headers.emplace_back("Sec-WebSocket-Version", "13");
  } else if (!protocol::IsValidWsKey(key)) {
    refusal = Error(400, kErrorBadRequest, "Bad request");
  } else if (handshake.Query("EIO") != "4") {
    refusal = Error(400, kErrorUnsupportedProtocolVersion, "Unsupported protocol version");
  } else if (handshake.Query("transport") != "websocket") {
    refusal = Error(400, kErrorUnknownTransport, "Transport unknown");
  } else if (!sid.empty()) {
    session = Find(sid);
    if (session == nullptr || session->CloseIfHeartbeatExpired(Clock::now())) {
      refusal = Error(400, kErrorUnknownSid, "Session ID unknown");
    } else if (!session->BeginProbe()) {
      co_await AcceptAndClose(stream, key);
      co_return;
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

  // RFC 6455 4.2.2. No Sec-WebSocket-Extensions: permessage-deflate is not offered back.
  const std::string accept = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                             "Sec-WebSocket-Accept: " + protocol::WsAcceptKey(key) + "\r\n\r\n";
  stream.expires_after(kHandshakeTimeout);
  auto [ec, n] = co_await net::async_write(stream, net::buffer(accept), kUseTuple);
  if (ec) {
    if (session) session->AbortProbe();
    co_return;
  }
  stream.expires_never();

  const bool upgrading = session != nullptr;
  tcp::socket raw = stream.release_socket();
  if (!upgrading) session = Open(TransportKind::kWebSocket, handshake, raw.get_executor());
  auto connection = std::make_shared<WsConnection>(*this, std::move(raw), session, !upgrading);
  connection->Start(upgrading ? std::optional(options_.upgrade_timeout) : std::nullopt);
  // Wakes the writer at once: the `open` packet is queued. This frame (and
  // the request it holds) ends here; the connection lives on its handlers.
  if (!upgrading) session->AttachWriter(connection);
}

}  // namespace lenslet::realtime::detail
