#pragma once
// Engine.IO v4 sessions (engine.io-protocol "Protocol"): the sid registry, the
// long-polling transport, heartbeats, the upgrade state, and a bounded send
// queue per session. The WebSocket transport (Beast) lives in websocket.cpp.
//
// Threads: a session is touched by the HTTP requests and the WebSocket that
// carry it (each on its own connection strand) and by the layer above from
// any thread, so its state sits behind one mutex that is never held across
// I/O or a callback. Timers and the layer above run on the session's strand.
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "realtime/detail/outbox.hpp"
#include "realtime/detail/signal.hpp"
#include "realtime/options.hpp"
#include "realtime/protocol/engineio.hpp"
#include "realtime/transport.hpp"

namespace lenslet::realtime::detail {

class Engine;

// The layer above (Socket.IO). Called without any session lock held.
class SessionListener {
 public:
  virtual ~SessionListener() = default;
  // Every `message` packet, in the order the client sent them.
  virtual void OnMessage(protocol::EioPacket message) = 0;
  // Once, when the session ends (reason as socket.io names it: "transport close", "ping timeout", …).
  virtual void OnClose(std::string_view reason) = 0;
};

enum class TransportKind { kPolling, kWebSocket };

class EngineSession : public std::enable_shared_from_this<EngineSession> {
 public:
  EngineSession(Engine& engine, std::string sid, TransportKind transport, Handshake handshake,
                boost::asio::any_io_executor strand);

  const std::string& sid() const { return sid_; }
  const Handshake& handshake() const { return handshake_; }
  // Serial executor for timers and the layer above.
  const boost::asio::any_io_executor& strand() const { return strand_; }

  void SetListener(std::shared_ptr<SessionListener> listener);

  // Queues packets for the client. False when the session is closed, or when
  // the queue is full: then the session closes ("send queue overflow").
  bool Send(std::vector<protocol::EioPacket> packets);
  // Ends the session once. `flush`: what is queued still goes out before the
  // transport closes (graceful); otherwise it is dropped.
  void Close(std::string_view reason, bool flush);
  bool closed() const;

  // A packet from the client, from whichever transport is active.
  void OnPacket(protocol::EioPacket packet);

  // Long polling (engine.io-protocol "HTTP long-polling").
  boost::asio::awaitable<HttpAnswer> HandleGet();
  boost::asio::awaitable<HttpAnswer> HandlePost(const BodyReader& read_body);

  // Upgrade (engine.io-protocol "Upgrade"). BeginProbe: a WebSocket asks to
  // take over (false: not possible now). OnProbe: "2probe" arrived, so the
  // pending GET is answered with a noop and polling pauses. CompleteUpgrade:
  // "5" arrived; `writer` is woken whenever packets are queued from now on.
  bool BeginProbe();
  void OnProbe();
  bool CompleteUpgrade(std::shared_ptr<Signal> writer);
  void AbortProbe();

  // Sets the transport's writer (a WebSocket session from the start).
  void AttachWriter(std::shared_ptr<Signal> writer);
  // For the WebSocket writer: everything queued; `closed` tells whether the
  // session has ended (after these packets, the transport closes).
  std::vector<protocol::EioPacket> Take(bool& closed);

  // Starts the heartbeat (engine.io-protocol "Heartbeat": v4 servers ping).
  void Start();

 private:
  boost::asio::awaitable<void> Heartbeat();
  void WakeConsumers();

  Engine& engine_;
  const std::string sid_;
  const Handshake handshake_;
  const boost::asio::any_io_executor strand_;
  boost::asio::steady_timer heartbeat_timer_;  // strand only
  // A polling session closed with packets still queued (a server DISCONNECT)
  // stays findable until its next GET collects them, or this timer fires.
  boost::asio::steady_timer linger_timer_;  // strand only
  bool awaiting_pong_ = false;                 // strand only
  std::atomic<bool> pong_received_{false};

  mutable std::mutex mutex_;
  TransportKind transport_;
  bool closed_ = false;
  bool probing_ = false;    // a WebSocket is being tried
  bool upgrading_ = false;  // "2probe" seen: polling answers noop
  bool poll_active_ = false;
  bool post_active_ = false;
  Outbox outbox_;
  std::shared_ptr<Signal> poll_signal_;
  std::shared_ptr<Signal> writer_;
  std::shared_ptr<SessionListener> listener_;
};

class Engine {
 public:
  // Called for each new session before its first packet; sets its listener.
  using OpenHandler = std::function<void(const std::shared_ptr<EngineSession>&)>;

  Engine(const ServerOptions& options, OpenHandler on_open);

  const ServerOptions& options() const { return options_; }
  const protocol::EioLimits& limits() const { return limits_; }

  boost::asio::awaitable<HttpAnswer> HandleHttp(HttpRequest request, BodyReader read_body);
  // Defined in websocket.cpp (the one Beast file of realtime/). Returns once
  // the handshake is over: the connection then runs as its own tasks, so the
  // request and this frame do not live as long as the connection.
  boost::asio::awaitable<void> HandleWebSocket(HttpRequest request, boost::asio::ip::tcp::socket socket);
  // WebSocket connections open (handshake over, socket not yet closed).
  std::size_t websocket_count() const { return websockets_.load(); }
  void CountWebSocket(bool opened) { opened ? ++websockets_ : --websockets_; }

  // Refuse new sessions and close every session gracefully.
  void Stop();
  bool stopping() const { return stopping_.load(); }
  std::size_t session_count() const;

  std::shared_ptr<EngineSession> Find(const std::string& sid) const;
  void Remove(const std::string& sid);
  // A new session, registered, its `open` packet queued, its heartbeat started.
  std::shared_ptr<EngineSession> Open(TransportKind transport, const Handshake& handshake,
                                      const boost::asio::any_io_executor& executor);

  // engine.io's JSON error answers ({"code":N,"message":…}), with CORS headers.
  HttpAnswer Error(int status, int code, std::string_view message) const;
  void AddCors(const Handshake& handshake, HttpAnswer& answer) const;

 private:
  const ServerOptions options_;
  const protocol::EioLimits limits_;
  const OpenHandler on_open_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> websockets_{0};
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<EngineSession>> sessions_;
};

// engine.io's error codes (engine.io "Server.errors").
inline constexpr int kErrorUnknownTransport = 0;
inline constexpr int kErrorUnknownSid = 1;
inline constexpr int kErrorBadHandshakeMethod = 2;
inline constexpr int kErrorBadRequest = 3;
inline constexpr int kErrorForbidden = 4;
inline constexpr int kErrorUnsupportedProtocolVersion = 5;

}  // namespace lenslet::realtime::detail
