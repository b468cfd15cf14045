#include "realtime/detail/engine.hpp"
#include "realtime/detail/realtime_metrics.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <algorithm>
#include <atomic>
#include <utility>

#include "realtime/detail/random_id.hpp"

namespace lenslet::realtime::detail {
namespace {

namespace net = boost::asio;
using protocol::EioPacket;
using protocol::EioPacketType;
constexpr auto kUseTuple = net::as_tuple(net::use_awaitable);

HttpAnswer TextAnswer(std::string body, std::string content_type = "text/plain; charset=UTF-8") {
  HttpAnswer answer;
  answer.content_type = std::move(content_type);
  answer.body = std::move(body);
  return answer;
}

void LogFailure(std::exception_ptr error) {
  if (!error) return;
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    spdlog::error("realtime task failed: {}", e.what());
  } catch (...) {
    spdlog::error("realtime task failed");
  }
}

// Serial numbers for log lines (EngineSession::log_id).
std::uint64_t NextLogId() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

EngineSession::EngineSession(Engine& engine, std::string sid, TransportKind transport, Handshake handshake,
                             net::any_io_executor strand)
    : engine_(engine),
      sid_(std::move(sid)),
      log_id_(NextLogId()),
      handshake_(std::move(handshake)),
      strand_(std::move(strand)),
      heartbeat_due_(std::chrono::steady_clock::now() + engine.options().ping_interval),
      transport_(transport),
      outbox_(engine.options().max_queued_packets, engine.options().max_queued_bytes),
      poll_signal_(transport == TransportKind::kPolling ? std::make_shared<Signal>(strand_) : nullptr) {}

void EngineSession::SetListener(std::shared_ptr<SessionListener> listener) {
  std::lock_guard lock(mutex_);
  listener_ = std::move(listener);
}

bool EngineSession::Send(std::vector<EioPacket> packets) {
  bool overflow = false;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    overflow = !outbox_.Push(std::move(packets));
  }
  if (overflow) {
    Metrics().slow_consumers.Inc();
    Close("send queue overflow", false);
    return false;
  }
  WakeConsumers();
  return true;
}

void EngineSession::WakeConsumers() {
  std::shared_ptr<Writer> writer;
  {
    std::lock_guard lock(mutex_);
    writer = writer_.lock();
  }
  if (poll_signal_) poll_signal_->Notify();
  if (writer) writer->Wake();
}

void EngineSession::Close(std::string_view reason, bool flush) {
  std::shared_ptr<SessionListener> listener;
  bool linger = false;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
    if (!flush) outbox_.Clear();
    // Polling: the last packets go out in one answer and the close packet in
    // the next (socket.io-client handles a decoded packet on the next tick, so
    // a close in the same payload would overtake a server DISCONNECT). Until
    // those GETs come, the session stays findable — else they read "Session ID
    // unknown", a transport error, instead of the server's DISCONNECT.
    // Likewise after the client's own `close`: a GET it sent alongside (the
    // protocol suite sends both at once) may reach us after the POST, and
    // gets the noop a pending one gets rather than "Session ID unknown".
    linger = transport_ == TransportKind::kPolling && ((flush && !outbox_.empty()) || closed_by_client_);
    if (linger) linger_until_ = std::chrono::steady_clock::now() + engine_.options().ping_timeout;
    listener = std::move(listener_);
  }
  spdlog::debug("engine.io session #{} closed: {}", log_id_, reason);
  if (!linger) engine_.Remove(sid_);
  WakeConsumers();
  if (listener) listener->OnClose(reason);
}

bool EngineSession::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

void EngineSession::OnPacket(EioPacket packet) {
  switch (packet.type) {
    case EioPacketType::kPong: {
      // The next ping is due an interval after this one was: a regular period
      // (engine.io-protocol "Heartbeat"), whatever the round trip and the
      // sweep's lateness. Counting from the pong instead let three
      // sweep-late pings at 300 ms overrun a 1 s connectTimeout.
      std::lock_guard lock(mutex_);
      if (awaiting_pong_) {
        awaiting_pong_ = false;
        heartbeat_due_ = ping_due_ + engine_.options().ping_interval;
      }
      break;
    }
    case EioPacketType::kMessage: {
      std::shared_ptr<SessionListener> listener;
      {
        std::lock_guard lock(mutex_);
        listener = listener_;
      }
      if (listener) listener->OnMessage(std::move(packet));
      break;
    }
    case EioPacketType::kClose: {
      {
        std::lock_guard lock(mutex_);
        if (!closed_) closed_by_client_ = true;
      }
      Close("transport close", false);
      break;
    }
    default:
      // open/ping/upgrade/noop on an established transport carry nothing for
      // us (engine.io ignores them too).
      break;
  }
}

net::awaitable<HttpAnswer> EngineSession::HandleGet() {
  bool overlap = false;
  {
    std::lock_guard lock(mutex_);
    if (transport_ != TransportKind::kPolling) co_return engine_.Error(400, kErrorBadRequest, "Bad request");
    overlap = poll_active_;
    poll_active_ = true;
  }
  if (overlap) {
    // engine.io-protocol: "there can be only one pending GET request per session".
    Close("transport error", false);
    co_return engine_.Error(400, kErrorBadRequest, "Bad request");
  }
  // A ping always comes within ping_interval; the deadline only guards against
  // a session that stopped pinging.
  const auto deadline = std::chrono::steady_clock::now() + engine_.options().ping_interval +
                        engine_.options().ping_timeout;
  std::vector<EioPacket> packets;
  bool closed_and_drained = false;
  while (true) {
    {
      std::lock_guard lock(mutex_);
      packets = outbox_.TakeAll();
      if (closed_) {
        // What was queued first; the close packet on the next poll (see Close).
        // A client that closed knows: its pending poll just ends, with a noop
        // (as engine.io's polling transport answers it).
        if (packets.empty()) {
          packets.push_back(EioPacket::Text(closed_by_client_ ? EioPacketType::kNoop : EioPacketType::kClose));
          closed_and_drained = true;
        }
        break;
      }
      if (!packets.empty()) break;
      if (upgrading_ || transport_ != TransportKind::kPolling) {
        // Lets the client pause polling (engine.io-protocol "Upgrade").
        packets.push_back(EioPacket::Text(EioPacketType::kNoop));
        break;
      }
    }
    const auto left = deadline - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero() || !co_await poll_signal_->Wait(left)) {
      if (std::chrono::steady_clock::now() >= deadline) {
        packets.push_back(EioPacket::Text(EioPacketType::kNoop));
        break;
      }
    }
  }
  {
    std::lock_guard lock(mutex_);
    poll_active_ = false;
  }
  // The last packets are out: a lingering session can go now.
  if (closed_and_drained) engine_.Remove(sid_);
  co_return TextAnswer(protocol::EncodePollingPayload(packets));
}

net::awaitable<HttpAnswer> EngineSession::HandlePost(const BodyReader& read_body) {
  bool overlap = false;
  {
    std::lock_guard lock(mutex_);
    if (transport_ != TransportKind::kPolling || closed_) {
      co_return engine_.Error(400, kErrorBadRequest, "Bad request");
    }
    overlap = post_active_;
    post_active_ = true;
  }
  if (overlap) {
    Close("transport error", false);
    co_return engine_.Error(400, kErrorBadRequest, "Bad request");
  }
  std::string body;
  const BodyStatus status = co_await read_body(body, engine_.options().max_payload);
  {
    std::lock_guard lock(mutex_);
    post_active_ = false;
  }
  if (status == BodyStatus::kTooLarge) {
    // maxHttpBufferSize: engine.io answers 413 and the client closes.
    Close("transport error", false);
    co_return engine_.Error(413, kErrorBadRequest, "Payload too large");
  }
  auto packets = status == BodyStatus::kRead ? protocol::DecodePollingPayload(body, engine_.limits())
                                             : protocol::Result<std::vector<EioPacket>>(protocol::Fail(
                                                   protocol::DecodeError::kEmpty, "malformed body"));
  if (!packets) {
    spdlog::debug("engine.io session #{}: bad POST ({})", log_id_, packets.error().message);
    Close("parse error", false);
    co_return engine_.Error(400, kErrorBadRequest, "Bad request");
  }
  for (auto& packet : *packets) OnPacket(std::move(packet));
  // engine.io answers "ok" as text/html.
  co_return TextAnswer("ok", "text/html");
}

bool EngineSession::BeginProbe() {
  std::lock_guard lock(mutex_);
  if (closed_ || transport_ != TransportKind::kPolling || probing_) return false;
  probing_ = true;
  return true;
}

void EngineSession::OnProbe() {
  {
    std::lock_guard lock(mutex_);
    upgrading_ = true;
  }
  WakeConsumers();
}

bool EngineSession::CompleteUpgrade(std::weak_ptr<Writer> writer) {
  {
    std::lock_guard lock(mutex_);
    if (closed_ || !probing_) return false;
    transport_ = TransportKind::kWebSocket;
    probing_ = false;
    upgrading_ = false;
    writer_ = std::move(writer);
  }
  // The pending GET (if any) ends with a noop; the WebSocket sends the rest.
  WakeConsumers();
  return true;
}

void EngineSession::AbortProbe() {
  std::lock_guard lock(mutex_);
  probing_ = false;
  upgrading_ = false;
}

void EngineSession::AttachWriter(std::weak_ptr<Writer> writer) {
  {
    std::lock_guard lock(mutex_);
    writer_ = std::move(writer);
  }
  WakeConsumers();
}

std::vector<EioPacket> EngineSession::Take(bool& closed) {
  std::lock_guard lock(mutex_);
  closed = closed_;
  return outbox_.TakeAll();
}

void EngineSession::CloseAt(std::optional<std::chrono::steady_clock::time_point> deadline, const char* reason) {
  std::lock_guard lock(mutex_);
  close_at_ = deadline;
  close_at_reason_ = reason;
}

const char* EngineSession::close_at_reason() const {
  std::lock_guard lock(mutex_);
  return close_at_reason_;
}

SweepAction EngineSession::Sweep(std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (closed_) return linger_until_ && now >= *linger_until_ ? SweepAction::kForget : SweepAction::kNone;
  if (close_at_ && now >= *close_at_) return SweepAction::kDeadline;
  if (now < heartbeat_due_) return SweepAction::kNone;
  if (awaiting_pong_) return SweepAction::kPingTimeout;
  awaiting_pong_ = true;
  ping_due_ = heartbeat_due_;
  heartbeat_due_ = ping_due_ + engine_.options().ping_timeout;
  return SweepAction::kPing;
}

bool EngineSession::CloseIfHeartbeatExpired(std::chrono::steady_clock::time_point now) {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    // Unpinged yet (the sweep is late), the pong would still be due ping_timeout after the ping was.
    const auto pong_deadline = awaiting_pong_ ? heartbeat_due_ : heartbeat_due_ + engine_.options().ping_timeout;
    if (now < pong_deadline) return false;
  }
  Close("ping timeout", false);
  return true;
}

Engine::Engine(const ServerOptions& options, OpenHandler on_open)
    : options_(options),
      limits_{.max_payload = options.max_payload},
      on_open_(std::move(on_open)),
      sweep_tick_(std::clamp(std::min(options.ping_interval, options.ping_timeout) / 8, std::chrono::milliseconds(5),
                             std::chrono::milliseconds(1000))) {}

net::awaitable<void> Engine::SweepLoop() {
  // Every session is looked at once per sweep_tick_, but a slice of them
  // (a run of hash buckets) every kSweepSliceTick rather than all at once:
  // one pass over 10,000 sessions a second sent ~400 pings in one burst and
  // read ~400 pongs right after, a ~25 ms stall of the network thread every
  // second that made the whole p99 tail of message delivery (bench/README.md).
  const auto slices = std::max<std::int64_t>(1, sweep_tick_ / kSweepSliceTick);
  const auto slice_tick = sweep_tick_ / slices;
  std::size_t next_bucket = 0;
  net::steady_timer timer(co_await net::this_coro::executor);
  std::vector<std::pair<std::shared_ptr<EngineSession>, SweepAction>> due;
  while (true) {
    timer.expires_after(slice_tick);
    co_await timer.async_wait(kUseTuple);
    const auto now = std::chrono::steady_clock::now();
    {
      // Decide under the lock, act after releasing it: a ping or a close
      // takes session locks and calls the layer above.
      std::lock_guard lock(mutex_);
      if (sessions_.empty()) {
        sweeping_ = false;
        co_return;
      }
      // A rehash between slices moves sessions between buckets: one may be
      // skipped for a cycle (its ping or timeout a cycle late) or seen twice
      // (harmless: Sweep decides from its own state).
      const auto buckets = sessions_.bucket_count();
      const auto per_slice = (buckets + static_cast<std::size_t>(slices) - 1) / static_cast<std::size_t>(slices);
      if (next_bucket >= buckets) next_bucket = 0;
      const auto end = std::min(buckets, next_bucket + per_slice);
      for (auto bucket = next_bucket; bucket < end; ++bucket) {
        for (auto it = sessions_.begin(bucket); it != sessions_.end(bucket); ++it) {
          if (const auto action = it->second->Sweep(now); action != SweepAction::kNone) {
            due.emplace_back(it->second, action);
          }
        }
      }
      next_bucket = end < buckets ? end : 0;
    }
    for (const auto& [session, action] : due) {
      switch (action) {
        case SweepAction::kPing: session->Send({EioPacket::Text(EioPacketType::kPing)}); break;
        case SweepAction::kPingTimeout: session->Close("ping timeout", false); break;
        case SweepAction::kForget: Remove(session->sid()); break;
        case SweepAction::kDeadline: session->Close(session->close_at_reason(), false); break;
        case SweepAction::kNone: break;
      }
    }
    due.clear();
    if (due.capacity() > 1024) due.shrink_to_fit();
  }
}

HttpAnswer Engine::Error(int status, int code, std::string_view message) const {
  HttpAnswer answer;
  answer.status = status;
  answer.content_type = "application/json";
  answer.body = boost::json::serialize(boost::json::object{{"code", code}, {"message", message}});
  return answer;
}

void Engine::AddCors(const Handshake& handshake, HttpAnswer& answer) const {
  if (options_.cors_origin.empty()) return;
  const std::string_view origin = handshake.Header("Origin");
  if (options_.cors_origin == "*") {
    // With credentials (the session cookie) browsers refuse "*": reflect the
    // origin instead, as the `cors` package does for origin: true.
    answer.headers.emplace_back("Access-Control-Allow-Origin", origin.empty() ? "*" : std::string(origin));
    if (!origin.empty()) answer.headers.emplace_back("Vary", "Origin");
  } else {
    answer.headers.emplace_back("Access-Control-Allow-Origin", options_.cors_origin);
  }
  answer.headers.emplace_back("Access-Control-Allow-Credentials", "true");
}

net::awaitable<HttpAnswer> Engine::HandleHttp(HttpRequest request, BodyReader read_body) {
  const Handshake& handshake = request.handshake;
  HttpAnswer answer;
  const std::string transport = handshake.Query("transport");
  const std::string sid = handshake.Query("sid");
  if (request.method == "OPTIONS") {
    // CORS preflight (the browser's polling POST carries a text/plain body).
    answer.status = 204;
    answer.headers.emplace_back("Access-Control-Allow-Methods", "GET, POST");
    if (const auto asked = handshake.Header("Access-Control-Request-Headers"); !asked.empty()) {
      answer.headers.emplace_back("Access-Control-Allow-Headers", std::string(asked));
    }
    answer.headers.emplace_back("Access-Control-Max-Age", "86400");
  } else if (handshake.Query("EIO") != "4") {
    answer = Error(400, kErrorUnsupportedProtocolVersion, "Unsupported protocol version");
  } else if (transport != "polling") {
    answer = Error(400, kErrorUnknownTransport, "Transport unknown");
  } else if (sid.empty()) {
    if (request.method != "GET") {
      answer = Error(400, kErrorBadHandshakeMethod, "Bad handshake method");
    } else if (stopping()) {
      answer = Error(503, kErrorBadRequest, "Server shutting down");
    } else if (options_.allow_request && !options_.allow_request(handshake)) {
      answer = Error(403, kErrorForbidden, "Forbidden");
    } else {
      const auto session = Open(TransportKind::kPolling, handshake, co_await net::this_coro::executor);
      // The first GET answers with the `open` packet (engine.io-protocol "Handshake").
      answer = co_await session->HandleGet();
    }
  } else if (const auto session = Find(sid);
             session == nullptr || session->CloseIfHeartbeatExpired(std::chrono::steady_clock::now())) {
    answer = Error(400, kErrorUnknownSid, "Session ID unknown");
  } else if (request.method == "GET") {
    answer = co_await session->HandleGet();
  } else if (request.method == "POST") {
    answer = co_await session->HandlePost(read_body);
  } else {
    answer = Error(400, kErrorBadRequest, "Bad request");
  }
  AddCors(handshake, answer);
  co_return answer;
}

std::shared_ptr<EngineSession> Engine::Open(TransportKind transport, const Handshake& handshake,
                                            const net::any_io_executor& executor) {
  // A WebSocket session runs on its connection's strand (the HTTP server gives
  // each connection one): a strand of its own would cost memory for nothing.
  // Polling requests come on different connections, so they get one.
  auto strand = transport == TransportKind::kWebSocket ? executor : net::any_io_executor(net::make_strand(executor));
  auto session = std::make_shared<EngineSession>(*this, RandomId(), transport, handshake.SessionCopy(),
                                                 std::move(strand));
  protocol::OpenHandshake open{
      .sid = session->sid(),
      .upgrades = transport == TransportKind::kPolling ? std::vector<std::string>{"websocket"}
                                                       : std::vector<std::string>{},
      .ping_interval_ms = options_.ping_interval.count(),
      .ping_timeout_ms = options_.ping_timeout.count(),
      .max_payload = static_cast<std::int64_t>(options_.max_payload),
  };
  session->Send({protocol::MakeOpenPacket(open)});
  bool start_sweep = false;
  {
    std::lock_guard lock(mutex_);
    sessions_.emplace(session->sid(), session);
    start_sweep = !std::exchange(sweeping_, true);
  }
  if (start_sweep) net::co_spawn(net::make_strand(executor), SweepLoop(), LogFailure);
  if (on_open_) on_open_(session);
  return session;
}

std::shared_ptr<EngineSession> Engine::Find(const std::string& sid) const {
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(sid);
  return it == sessions_.end() ? nullptr : it->second;
}

void Engine::Remove(const std::string& sid) {
  // `sid` may be the session's own sid_ and the key views it: the session
  // lives in `removed` until its entry is gone, and dies outside the lock.
  std::shared_ptr<EngineSession> removed;
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(sid);
  if (it == sessions_.end()) return;
  removed = std::move(it->second);
  sessions_.erase(it);
}

std::size_t Engine::session_count() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

void Engine::Stop() {
  stopping_.store(true);
  std::vector<std::shared_ptr<EngineSession>> sessions;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [sid, session] : sessions_) sessions.push_back(session);
  }
  // Graceful: what is queued still goes out, then the transport closes and the
  // client reconnects (to another instance behind the load balancer).
  for (const auto& session : sessions) session->Close("server shutting down", true);
}

}  // namespace lenslet::realtime::detail
