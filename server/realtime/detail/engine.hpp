#pragma once
// Engine.IO v4 sessions (engine.io-protocol "Protocol"): the sid registry, the
// long-polling transport, heartbeats, the upgrade state, and a bounded send
// queue per session. The WebSocket transport (Beast) lives in websocket.cpp.
//
// Threads: a session is touched by the HTTP requests and the WebSocket that
// carry it (each on its own connection strand) and by the layer above from
// any thread, so its state sits behind one mutex that is never held across
// I/O or a callback. The layer above runs on the session's strand.
//
// Memory: an idle WebSocket session owns no timer and no coroutine. One sweep
// per Engine drives every session's heartbeat (and a closed polling session's
// linger), a slice of the sessions at a time so heartbeats never come in
// bursts, and the WebSocket writer is woken by a post instead of waiting.
#include <cstdint>
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
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

// The transport that sends a session's queued packets (a WebSocket
// connection). Wake() is called from any thread when packets are queued or the
// session closes; it must only schedule work, never send inline.
class Writer {
 public:
  virtual ~Writer() = default;
  virtual void Wake() = 0;
};

// What the heartbeat sweep must do for one session (see EngineSession::Sweep).
enum class SweepAction { kNone, kPing, kPingTimeout, kForget, kDeadline };

class EngineSession : public std::enable_shared_from_this<EngineSession> {
 public:
  EngineSession(Engine& engine, std::string sid, TransportKind transport, Handshake handshake,
                boost::asio::any_io_executor strand);

  const std::string& sid() const { return sid_; }
  // What logs name the session by: a per-process serial number. The sid is a
  // credential (whoever has it may poll the session), so no log line holds it.
  std::uint64_t log_id() const { return log_id_; }
  const Handshake& handshake() const { return handshake_; }
  // Serial executor for the layer above.
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
  bool CompleteUpgrade(std::weak_ptr<Writer> writer);
  void AbortProbe();

  // Sets the transport's writer (a WebSocket session from the start).
  void AttachWriter(std::weak_ptr<Writer> writer);
  // For the WebSocket writer: everything queued; `closed` tells whether the
  // session has ended (after these packets, the transport closes).
  std::vector<protocol::EioPacket> Take(bool& closed);

  // The heartbeat (engine.io-protocol "Heartbeat": v4 servers ping), called
  // by the Engine's sweep: what is due at `now`. kPing: send a ping now, a
  // pong is expected within ping_timeout; kPingTimeout: none came, close;
  // kForget: a lingering closed session's time is up, unregister it.
  // Pings keep a regular period and a pong is due ping_timeout after its ping
  // was due, both counted from the due times rather than from when the sweep
  // got there, so the sweep's granularity never adds up.
  SweepAction Sweep(std::chrono::steady_clock::time_point now);
  // A request of this session came at `now`: if the heartbeat has already
  // expired (the sweep has not got there yet), closes the session ("ping
  // timeout") and returns true. A session ends by ping due + ping_timeout.
  bool CloseIfHeartbeatExpired(std::chrono::steady_clock::time_point now);
  // For the layer above: the session closes with `reason` (a literal) if it
  // is still open at `deadline`; nullopt cancels. Watched by the same sweep.
  void CloseAt(std::optional<std::chrono::steady_clock::time_point> deadline, const char* reason = "");
  const char* close_at_reason() const;

 private:
  void WakeConsumers();

  Engine& engine_;
  const std::string sid_;
  const std::uint64_t log_id_;
  const Handshake handshake_;
  const boost::asio::any_io_executor strand_;

  mutable std::mutex mutex_;
  // Next heartbeat step: a ping when !awaiting_pong_, else the pong's deadline.
  std::chrono::steady_clock::time_point heartbeat_due_;
  // When the ping awaiting its pong was due (the next one is due an interval later).
  std::chrono::steady_clock::time_point ping_due_;
  bool awaiting_pong_ = false;
  // The client sent `close`: a pending poll ends with a noop, not a close packet.
  bool closed_by_client_ = false;
  // A polling session closed with packets still queued (a server DISCONNECT)
  // stays findable until its next GET collects them, or until this time.
  std::optional<std::chrono::steady_clock::time_point> linger_until_;
  // Set by CloseAt.
  std::optional<std::chrono::steady_clock::time_point> close_at_;
  const char* close_at_reason_ = "";
  TransportKind transport_;
  bool closed_ = false;
  bool probing_ = false;    // a WebSocket is being tried
  bool upgrading_ = false;  // "2probe" seen: polling answers noop
  bool poll_active_ = false;
  bool post_active_ = false;
  Outbox outbox_;
  const std::shared_ptr<Signal> poll_signal_;  // polling sessions only
  std::weak_ptr<Writer> writer_;
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
  // A new session, registered, its `open` packet queued, its heartbeat due.
  std::shared_ptr<EngineSession> Open(TransportKind transport, const Handshake& handshake,
                                      const boost::asio::any_io_executor& executor);

  // engine.io's JSON error answers ({"code":N,"message":…}), with CORS headers.
  HttpAnswer Error(int status, int code, std::string_view message) const;
  void AddCors(const Handshake& handshake, HttpAnswer& answer) const;

 private:
  // Every session's heartbeat, one timer for all; runs while sessions exist
  // (so an io_context with none runs out of work), restarted by Open.
  boost::asio::awaitable<void> SweepLoop();

  const ServerOptions options_;
  const protocol::EioLimits limits_;
  const OpenHandler on_open_;
  // How often the sweep looks at each session: a fraction of the shortest
  // heartbeat period, so a ping or a timeout is late by at most that (≤ 1 s by
  // default). It looks at a slice of the sessions every kSweepSliceTick.
  static constexpr std::chrono::milliseconds kSweepSliceTick{20};
  const std::chrono::milliseconds sweep_tick_;
  bool sweeping_ = false;  // guarded by mutex_
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> websockets_{0};
  mutable std::mutex mutex_;
  // Keys view each session's own sid_ (alive while its entry holds it): a
  // copied key would be one more block per connection.
  std::unordered_map<std::string_view, std::shared_ptr<EngineSession>> sessions_;
};

// engine.io's error codes (engine.io "Server.errors").
inline constexpr int kErrorUnknownTransport = 0;
inline constexpr int kErrorUnknownSid = 1;
inline constexpr int kErrorBadHandshakeMethod = 2;
inline constexpr int kErrorBadRequest = 3;
inline constexpr int kErrorForbidden = 4;
inline constexpr int kErrorUnsupportedProtocolVersion = 5;

}  // namespace lenslet::realtime::detail
