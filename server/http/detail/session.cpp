// The only file (with beast_impl.cpp) that includes Beast: it is heavy to compile.
#include "http/detail/session.hpp"

// GCC at -O3 inlines asio's awaitable frame operator new/delete pair and then
// reports the recycling allocator's free() as mismatched: a false positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>

#include "core/error.hpp"
#include "core/log_context.hpp"
#include "http/detail/access_log.hpp"
#include "http/detail/client_address.hpp"
#include "http/detail/error_envelope.hpp"
#include "http/detail/framing_limits.hpp"
#include "http/detail/origin_check.hpp"
#include "http/detail/percent.hpp"
#include "http/detail/pipeline.hpp"
#include "http/detail/request_id.hpp"
#include "http/detail/security_headers.hpp"
#include "http/upload.hpp"

namespace lenslet::http::detail {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using Clock = std::chrono::steady_clock;

constexpr auto kUseTuple = net::as_tuple(net::use_awaitable);
// Lingering close (RFC 9112 9.6, as nginx does it): after refusing a request
// whose body we did not read, stop writing and keep reading (and dropping)
// before closing. Closing with unread data makes the kernel send RST, which
// destroys our answer before a client still sending its body (Node, a browser
// uploading a photo) reads it. Bounded: at most kLingerBytes, kLingerTime in
// all, and kLingerQuiet without a byte.
constexpr std::size_t kLingerBytes = 64u << 20;
constexpr std::chrono::seconds kLingerTime{30};
constexpr std::chrono::seconds kLingerQuiet{5};
constexpr std::chrono::seconds kLingerWhileStopping{1};  // a drain should not wait on it
// Media bodies are paced (ServerOptions::media_bytes_per_second) a slice at a time.
constexpr std::size_t kEgressSliceBytes = 64 * 1024;
// Streamed bodies (Response::stream) are read and sent this much at a time.
constexpr std::size_t kStreamPieceBytes = 256 * 1024;
// Uploads (RouteOptions::upload): the piece read and spooled at a time, and the
// most time one body may take (200 MB at ~350 KB/s).
constexpr std::size_t kUploadChunkBytes = 64 * 1024;
constexpr std::chrono::minutes kUploadTimeLimit{10};

bool IsParseError(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
         ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message &&
         ec != bhttp::error::need_more && ec != bhttp::error::need_buffer;
}

bool IsMediaPath(std::string_view target) { return target.starts_with("/media/"); }

// The read buffer holds at most the header limit: the head must fit in it, and
// while a chunked body is parsed it holds only the chunk line or the trailer
// being parsed, so neither can grow past it (a chunk extension or a trailer of
// any size would otherwise be buffered whole).
std::size_t ReadBufferLimit(std::size_t header_limit) { return std::max<std::size_t>(header_limit, 1024); }

std::string RetryAfterSeconds(std::chrono::milliseconds wait) {
  return std::to_string(std::max<long long>(1, (wait.count() + 999) / 1000));
}

bool IsSafeHeaderText(std::string_view text) {
  return text.find_first_of("\r\n") == std::string_view::npos && text.find('\0') == std::string_view::npos;
}

class Session {
 public:
  Session(net::ip::tcp::socket socket, ServerContext& context, std::shared_ptr<core::LogScope> log_scope)
      : stream_(std::move(socket)),
        context_(context),
        log_scope_(std::move(log_scope)),
        options_(context.options),
        buffer_(ReadBufferLimit(context.options.header_limit)) {
    beast::error_code ec;
    const auto endpoint = stream_.socket().remote_endpoint(ec);
    peer_ = ec ? std::string("unknown") : endpoint.address().to_string();
  }

  net::awaitable<void> Run(std::shared_ptr<SessionHandle> handle) {
    handle_ = handle.get();
    handle->close_now = [this] {
      beast::error_code ec;
      stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
      stream_.close();
    };
    bool linger = false;
    try {
      bool first = true;
      while (true) {
        const auto outcome = co_await ServeOne(first);
        first = false;
        if (outcome == Outcome::kKeepAlive) continue;
        linger = outcome == Outcome::kCloseAndLinger;
        break;
      }
    } catch (const std::exception& e) {
      spdlog::debug("connection from {} ended: {}", peer_, e.what());
    }
    if (linger) {
      // A stopping server may cut the linger short (close_now stays set).
      handle_->idle = true;
      co_await Linger();
    }
    handle->close_now = nullptr;
    beast::error_code ec;
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
    stream_.close();
  }

 private:
  enum class Outcome { kKeepAlive, kClose, kCloseAndLinger };
  enum class HeadStatus { kRead, kTooLarge, kMalformed, kGone };

  // Reads one request head into `parser`. The header limit counts every byte
  // of the head (request line included), however the bytes arrive: Beast's own
  // limit applies per read, so many small header lines in many small reads
  // would pass it.
  net::awaitable<HeadStatus> ReadHead(bhttp::request_parser<bhttp::empty_body>& parser) {
    const std::size_t limit = options_.header_limit;
    std::size_t scanned = 0;
    while (true) {
      const auto data = buffer_.data();
      const std::string_view view(static_cast<const char*>(data.data()), data.size());
      const std::size_t end = FindHeadEnd(view, scanned);
      if (end != std::string_view::npos) {
        if (end > limit) co_return HeadStatus::kTooLarge;
        beast::error_code ec;
        const std::size_t used = parser.put(net::buffer(data.data(), end), ec);
        if (ec || !parser.is_header_done()) co_return HeadStatus::kMalformed;
        buffer_.consume(used);
        co_return HeadStatus::kRead;
      }
      if (view.size() >= limit) co_return HeadStatus::kTooLarge;
      scanned = view.size();
      const std::size_t room = std::min<std::size_t>(8192, buffer_.max_size() - buffer_.size());
      auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(room), kUseTuple);
      if (ec) co_return HeadStatus::kGone;  // closed, reset, timed out or stopped
      buffer_.commit(n);
    }
  }

  // The refusal for a chunked body whose chunk line or trailer outgrew the
  // read buffer (what is left unparsed in it says which).
  [[noreturn]] void ThrowChunkedOverflow() {
    const auto data = buffer_.data();
    const std::string_view unparsed(static_cast<const char*>(data.data()), data.size());
    if (ClassifyChunkedOverflow(unparsed) == ChunkedOverflow::kTrailer) {
      throw core::Error(core::ErrorCode::kHeadersTooLarge, "The request trailer is too large");
    }
    throw core::Error(core::ErrorCode::kBadRequest, "A chunk line of the request body is too long");
  }

  net::awaitable<Outcome> ServeOne(bool first) {
    log_scope_->request_id.clear();  // between requests, lines name no request
    if (context_.stopping.load()) co_return Outcome::kClose;
    handle_->idle = buffer_.size() == 0;
    if (!first && buffer_.size() == 0) {
      // Between keep-alive requests the client may think; not forever.
      stream_.expires_after(options_.idle_timeout);
      auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(std::min<std::size_t>(4096, buffer_.max_size())),
                                                      kUseTuple);
      if (ec) co_return Outcome::kClose;  // closed, idle too long, or stopped
      buffer_.commit(n);
    }
    // The whole head within header_timeout, whatever its pace (slowloris).
    stream_.expires_after(options_.header_timeout);
    bhttp::request_parser<bhttp::empty_body> head_parser;
    head_parser.header_limit(static_cast<std::uint32_t>(options_.header_limit));
    head_parser.body_limit(boost::none);  // the route decides, once known
    const HeadStatus head_status = co_await ReadHead(head_parser);
    handle_->idle = false;
    const auto started = Clock::now();

    Request request;
    if (head_status != HeadStatus::kRead) {
      if (head_status == HeadStatus::kGone) co_return Outcome::kClose;  // end of stream, timeout, reset, stop
      request.request_id = NewRequestId();
      log_scope_->request_id = request.request_id;
      request.client_address = peer_;
      if (head_status == HeadStatus::kTooLarge) {
        co_await WriteError(request, core::ErrorCode::kHeadersTooLarge, "The request headers are too large",
                            started);
      } else {
        co_await WriteError(request, core::ErrorCode::kBadRequest, "Malformed request", started);
      }
      co_return Outcome::kCloseAndLinger;
    }

    const auto& head = head_parser.get();
    request.method = ParseMethod(head.method_string());
    request.target = std::string(head.target());
    for (const auto& field : head) {
      request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    request.client_address = ResolveClientAddress(request.headers, peer_, options_.trust_proxy);
    request.request_id = ChooseRequestId(request.Header("X-Request-Id"));
    log_scope_->request_id = request.request_id;
    const unsigned version = head.version();
    bool keep_alive = head.keep_alive();
    const bool has_body = !head_parser.is_done();

    // Origin-form only ("/path?query"): absolute-form is for proxies, and "*"
    // has no use here. A Transfer-Encoding that is not chunked leaves the body
    // length unknowable for a request (RFC 9112 6.3): refuse, lest the rest be
    // read as another request (smuggling).
    const std::string_view raw_path = std::string_view(request.target).substr(0, request.target.find('?'));
    const bool bad_transfer_encoding =
        head.count(bhttp::field::transfer_encoding) > 0 && !head_parser.chunked();
    // RFC 9112 3.2: an HTTP/1.1 request without Host, or with more than one,
    // must be refused (two could route one request to two virtual hosts).
    const bool missing_host = version >= 11 && head.count(bhttp::field::host) == 0;
    const bool several_hosts = head.count(bhttp::field::host) > 1;
    if (raw_path.empty() || raw_path.front() != '/' || bad_transfer_encoding || missing_host || several_hosts) {
      co_await WriteError(request, core::ErrorCode::kBadRequest, "Malformed request", started);
      co_return Outcome::kCloseAndLinger;
    }
    request.path = PercentDecode(raw_path).value_or(std::string(raw_path));

    // The connection counts against the address of its first request (behind a
    // trusted proxy the head is where the client's address is).
    if (!connection_slot_) {
      connection_slot_ = context_.connections.Acquire(request.client_address);
      if (!connection_slot_) {
        Response refusal = RenderError(core::ErrorCode::kUnavailable, "Too many connections from this address");
        refusal.WithHeader("Retry-After", "1");
        FinishResponse(request, refusal);
        co_await Write(request, refusal, 11, false, started);
        co_return Outcome::kCloseAndLinger;
      }
    }

    bool body_consumed = !has_body;
    const BodyReader read_body = [&](Request& req, std::size_t limit) -> net::awaitable<void> {
      if (!has_body) {
        if (req.upload) req.upload->Finish();  // an empty body is not a form: 400
        co_return;
      }
      if (const auto length = head_parser.content_length(); length && *length > limit) {
        throw core::Error(core::ErrorCode::kPayloadTooLarge, "The request body is too large");
      }
      if (IEquals(req.Header("Expect"), "100-continue")) {
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        stream_.expires_after(options_.body_timeout);
        auto [ec, n] = co_await net::async_write(stream_, net::buffer(kContinue), kUseTuple);
        if (ec) throw ConnectionLost{};
      }
      if (req.upload) {
        co_await StreamUpload(std::move(head_parser), *req.upload, limit);
        body_consumed = true;
        co_return;
      }
      bhttp::request_parser<bhttp::string_body> body_parser(std::move(head_parser));
      body_parser.body_limit(limit);
      stream_.expires_after(options_.body_timeout);
      auto [ec, n] = co_await bhttp::async_read(stream_, buffer_, body_parser, kUseTuple);
      if (ec == bhttp::error::body_limit) {
        throw core::Error(core::ErrorCode::kPayloadTooLarge, "The request body is too large");
      }
      if (ec == bhttp::error::buffer_overflow) ThrowChunkedOverflow();
      if (ec && IsParseError(ec)) throw core::Error(core::ErrorCode::kBadRequest, "Malformed request body");
      if (ec) throw ConnectionLost{};
      req.body = std::move(body_parser.get().body());
      body_consumed = true;
    };

    const Mount* mount = context_.FindMount(request.path);
    if (mount != nullptr) {
      request.route = mount->prefix;
      if (auto refusal = AdmitToMount(*mount, request)) {
        FinishResponse(request, *refusal);
        if (!co_await Write(request, *refusal, version, false, started)) co_return Outcome::kClose;
        co_return has_body ? Outcome::kCloseAndLinger : Outcome::kClose;
      }
    }
    if (mount != nullptr && mount->take_over && IsWebSocketUpgrade(request)) {
      // A client sends nothing before the 101: buffered bytes mean a confused peer.
      if (buffer_.size() != 0 || has_body) {
        co_await WriteError(request, core::ErrorCode::kBadRequest, "Malformed request", started);
        co_return Outcome::kClose;
      }
      // Hand over and end: this session's frames and buffers go now (see mount.hpp).
      mount->take_over(std::move(request), stream_.release_socket());
      co_return Outcome::kClose;
    }

    Response response;
    try {
      if (mount != nullptr) {
        const MountBodyReader mount_body = [&](Request& req, std::size_t limit) -> net::awaitable<BodyStatus> {
          auto status = BodyStatus::kRead;
          try {
            co_await read_body(req, limit);
          } catch (const core::Error& e) {
            status = e.code() == core::ErrorCode::kPayloadTooLarge ? BodyStatus::kTooLarge : BodyStatus::kMalformed;
          }
          co_return status;
        };
        response = co_await mount->handle(request, mount_body);
        // What every other answer carries (the mount's own headers win).
        if (!HasResponseHeader(response, "X-Request-Id")) response.WithHeader("X-Request-Id", request.request_id);
        AddSecurityHeaders(response);
      } else {
        response = co_await HandleRequest(request, context_, read_body);
      }
    } catch (const ConnectionLost&) {
      co_return Outcome::kClose;
    }
    // A body we did not read would be taken for the next request: close instead.
    // A stopping server answers this request and no more.
    keep_alive = keep_alive && body_consumed && !context_.stopping.load();
    if (!co_await Write(request, response, version, keep_alive, started)) co_return Outcome::kClose;
    if (keep_alive) co_return Outcome::kKeepAlive;
    co_return body_consumed ? Outcome::kClose : Outcome::kCloseAndLinger;
  }

  // The rules a mount's requests share with every route: the CSRF origin check
  // (a state-changing request with a foreign Origin is refused before its body
  // is read) and the per-address handshake limit. nullopt: go on.
  std::optional<Response> AdmitToMount(const Mount& mount, const Request& request) {
    if (!OriginAllowed(request.method, request.Header("Origin"), request.Header("Referer"), request.Header("Host"),
                       options_.public_url)) {
      return RenderError(core::ErrorCode::kForeignOrigin, "Cross-site request refused");
    }
    if (mount.opens_session && mount.opens_session(request)) {
      if (const auto wait = context_.handshakes.TryTake(request.client_address, 1)) {
        Response refusal = RenderError(core::ErrorCode::kRateLimited, "Too many new connections, try again later");
        refusal.WithHeader("Retry-After", RetryAfterSeconds(*wait));
        return refusal;
      }
    }
    return std::nullopt;
  }

  // An upload route's body, fed to the form one network read at a time (never
  // buffered whole). Each read must arrive within body_timeout, and the whole
  // body within kUploadTimeLimit, so a slow client can take its time but not
  // hold a connection and a spool file forever.
  net::awaitable<void> StreamUpload(bhttp::request_parser<bhttp::empty_body>&& head_parser, UploadedForm& form,
                                    std::size_t limit) {
    bhttp::request_parser<bhttp::buffer_body> body_parser(std::move(head_parser));
    body_parser.body_limit(limit);
    const auto chunk = std::make_unique<char[]>(kUploadChunkBytes);
    const auto deadline = Clock::now() + kUploadTimeLimit;
    while (!body_parser.is_done()) {
      const auto left = deadline - Clock::now();
      if (left <= Clock::duration::zero()) throw ConnectionLost{};
      stream_.expires_after(std::min<Clock::duration>(options_.body_timeout, left));
      body_parser.get().body().data = chunk.get();
      body_parser.get().body().size = kUploadChunkBytes;
      auto [ec, n] = co_await bhttp::async_read(stream_, buffer_, body_parser, kUseTuple);
      if (ec == bhttp::error::need_buffer) ec = {};
      if (ec == bhttp::error::body_limit) {
        throw core::Error(core::ErrorCode::kPayloadTooLarge, "The request body is too large");
      }
      if (ec == bhttp::error::buffer_overflow) ThrowChunkedOverflow();
      if (ec && IsParseError(ec)) throw core::Error(core::ErrorCode::kBadRequest, "Malformed request body");
      if (ec) throw ConnectionLost{};
      const auto got = kUploadChunkBytes - body_parser.get().body().size;
      if (got > 0) form.Feed(std::string_view(chunk.get(), got));
    }
    form.Finish();
  }

  net::awaitable<void> WriteError(Request& request, core::ErrorCode code, std::string_view message,
                                  Clock::time_point started) {
    Response response = RenderError(code, message);
    FinishResponse(request, response);
    co_await Write(request, response, 11, false, started);
  }

  // Sends `response`; false when the connection failed.
  net::awaitable<bool> Write(const Request& request, Response& response, unsigned version, bool keep_alive,
                             Clock::time_point started) {
    bhttp::response<bhttp::string_body> out;
    out.version(version == 10 ? 10 : 11);
    out.result(static_cast<unsigned>(response.status));
    for (const auto& [name, value] : response.headers) {
      if (name.empty() || !IsSafeHeaderText(name) || !IsSafeHeaderText(value)) {
        // Header injection would let a value forge headers or responses.
        spdlog::error("request id={} dropped unsafe response header {}", request.request_id, name);
        continue;
      }
      out.insert(name, value);
    }
    if (!response.content_type.empty()) out.set(bhttp::field::content_type, response.content_type);
    out.keep_alive(keep_alive);
    const bool bodiless_status = response.status < 200 || response.status == 204 || response.status == 304;
    std::size_t body_bytes = 0;
    if (bodiless_status) {
      out.erase(bhttp::field::content_length);
    } else if (request.method == Method::kHead) {
      // The length the GET would have, without the bytes.
      out.content_length(response.stream ? response.stream->length : response.body.size());
    } else if (response.stream) {
      body_bytes = response.stream->length;
      out.content_length(body_bytes);
    } else {
      body_bytes = response.body.size();
      out.body() = std::move(response.body);
      out.prepare_payload();
    }
    beast::error_code ec;
    if (body_bytes > 0 && response.stream) {
      ec = co_await WriteStreamed(out, *response.stream, request.request_id);
    } else if (body_bytes > 0 && IsMediaPath(request.target) && !context_.media_egress.unlimited()) {
      ec = co_await WritePaced(out, request.client_address);
    } else {
      stream_.expires_after(options_.body_timeout);
      auto [write_ec, n] = co_await bhttp::async_write(stream_, out, kUseTuple);
      ec = write_ec;
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    if (context_.http_metrics) context_.http_metrics->Record(request.method, request.route, response.status, seconds);
    if (options_.access_log) LogAccess(AccessLogEntry{
        .request_id = request.request_id,
        .method = request.target.empty() ? std::string_view("-") : ToString(request.method),
        .target = request.target.empty() ? std::string_view("-") : std::string_view(request.target),
        .status = response.status,
        .ms = seconds * 1000,
        .bytes = body_bytes,
        .client_address = request.client_address,
    });
    co_return !ec;
  }

  // The head at once, then the body a slice at a time, each slice paid for
  // from the client address's media budget first (sleeping off any debt), so
  // one address cannot take all of the uplink however many connections it opens.
  net::awaitable<beast::error_code> WritePaced(bhttp::response<bhttp::string_body>& out, const std::string& address) {
    bhttp::response_serializer<bhttp::string_body> serializer(out);
    stream_.expires_after(options_.body_timeout);
    auto [ec, n] = co_await bhttp::async_write_header(stream_, serializer, kUseTuple);
    std::string_view rest(out.body());
    net::steady_timer pause(stream_.get_executor());
    while (!ec && !rest.empty()) {
      const std::string_view slice = rest.substr(0, kEgressSliceBytes);
      if (const auto wait = context_.media_egress.Spend(address, static_cast<double>(slice.size()));
          wait.count() > 0) {
        pause.expires_after(wait);
        co_await pause.async_wait(kUseTuple);
      }
      stream_.expires_after(options_.body_timeout);
      auto [write_ec, written] = co_await net::async_write(stream_, net::buffer(slice), kUseTuple);
      ec = write_ec;
      rest.remove_prefix(slice.size());
    }
    co_return ec;
  }

  // A streamed body (Response::stream): the head, then each piece as the
  // handler reads it. A failed read ends the connection: the length was promised.
  net::awaitable<beast::error_code> WriteStreamed(bhttp::response<bhttp::string_body>& out, StreamedBody& body,
                                                  const std::string& request_id) {
    bhttp::response_serializer<bhttp::string_body> serializer(out);
    stream_.expires_after(options_.body_timeout);
    auto [ec, n] = co_await bhttp::async_write_header(stream_, serializer, kUseTuple);
    std::uint64_t sent = 0;
    while (!ec && sent < body.length) {
      std::string piece;
      try {
        piece = co_await body.read(sent, static_cast<std::size_t>(std::min<std::uint64_t>(kStreamPieceBytes,
                                                                                          body.length - sent)));
      } catch (const std::exception& e) {
        spdlog::error("request id={} streamed body failed at byte {}: {}", request_id, sent, e.what());
      }
      if (piece.empty() || piece.size() > body.length - sent) co_return net::error::connection_aborted;
      stream_.expires_after(options_.body_timeout);
      auto [write_ec, written] = co_await net::async_write(stream_, net::buffer(piece), kUseTuple);
      ec = write_ec;
      sent += piece.size();
    }
    co_return ec;
  }

  net::awaitable<void> Linger() {
    beast::error_code ec;
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
    const auto deadline =
        Clock::now() + (context_.stopping.load() ? Clock::duration(kLingerWhileStopping) : Clock::duration(kLingerTime));
    std::size_t drained = 0;
    const auto scratch = std::make_unique<char[]>(64 * 1024);
    while (drained < kLingerBytes) {
      const auto left = deadline - Clock::now();
      if (left <= Clock::duration::zero()) break;
      stream_.expires_after(std::min<Clock::duration>(kLingerQuiet, left));
      auto [read_ec, n] =
          co_await stream_.async_read_some(net::buffer(scratch.get(), 64 * 1024), kUseTuple);
      if (read_ec) break;  // the client closed (done), went quiet, or the server stops
      drained += n;
    }
  }

  beast::tcp_stream stream_;
  ServerContext& context_;
  const std::shared_ptr<core::LogScope> log_scope_;
  const ServerOptions& options_;
  beast::flat_buffer buffer_;
  std::string peer_;
  SessionHandle* handle_ = nullptr;
  ConnectionCounter::Slot connection_slot_;  // this connection's place in the per-address count
};

}  // namespace

net::awaitable<void> RunSession(net::ip::tcp::socket socket, ServerContext& context,
                                std::shared_ptr<core::LogScope> log_scope) {
  auto handle = std::make_shared<SessionHandle>();
  handle->executor = socket.get_executor();
  // Unregisters also when the frame is destroyed unfinished (drain timeout).
  struct Registration {
    ServerContext& context;
    std::shared_ptr<SessionHandle> handle;
    ~Registration() {
      handle->close_now = nullptr;
      context.Unregister(handle);
    }
  };
  Session session(std::move(socket), context, std::move(log_scope));
  context.Register(handle);
  const Registration registration{context, handle};
  co_await session.Run(handle);
}

}  // namespace lenslet::http::detail
