#include "app/application.hpp"

#include "app/account_purge_worker.hpp"
#include "app/feed_fanout_worker.hpp"
#include "app/post_caches.hpp"
#include "app/home_feed_trimmer.hpp"
#include "app/allocator.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <csignal>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include "api/exports/export_worker.hpp"
#include "api/feed/explore_snapshots.hpp"
#include "api/imports/import_settings.hpp"
#include "api/live/handshake.hpp"
#include "api/live/presence.hpp"
#include "api/live/presence_announcer.hpp"
#include "api/live/redis_presence.hpp"
#include "api/live/session_watch.hpp"
#include "api/live/socket_handler.hpp"
#include "api/notifications/login_alert.hpp"
#include "api/routes.hpp"
#include "api/services.hpp"
#include "app/blob_store_config.hpp"
#include "app/data_dir.hpp"
#include "app/logging.hpp"
#include "app/observability.hpp"
#include "auth/account_mail.hpp"
#include "app/import_worker.hpp"
#include "auth/auth_service.hpp"
#include "auth/limiter.hpp"
#include "cluster/cluster_rules.hpp"
#include "cluster/pg_session_ends.hpp"
#include "core/background_priority.hpp"
#include "core/error.hpp"
#include "core/version.hpp"
#include "core/worker_pool.hpp"
#include "db/database.hpp"
#include "db/limits.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/spool_directory.hpp"
#include "mail/mail_worker.hpp"
#include "mail/sender.hpp"
#include "media/blob_store.hpp"
#include "media/image_processor.hpp"
#include "realtime/http_mount/http_mount.hpp"
#include "realtime/redis/redis_publisher.hpp"
#include "realtime/server.hpp"
#include "store/feed_fanout_queue.hpp"

namespace lenslet::app {
namespace {

namespace asio = boost::asio;

void SetUpLogging(const Config& config) { app::SetUpLogging(config.log_level, config.log_format); }

// One clear line on stderr for configuration and start-up failures.
int Fail(const std::string& what) {
  std::cerr << "lenslet: " << what << "\n";
  return 1;
}

std::size_t Cores() { return std::max(1u, std::thread::hardware_concurrency()); }

// Work that may wait (core/background_priority.hpp); where the kernel refuses,
// the pool keeps competing with requests as an equal, and the log says so.
void RunBelowRequests(core::WorkerPool& pool, std::size_t threads, std::string_view name) {
  if (!core::LowerPriority(pool, threads)) {
    spdlog::warn("{}: could not lower the pool's thread priority; its work competes with requests", name);
  }
}

std::unique_ptr<db::Database> OpenDatabase(const Config& config) {
  EnsurePrivateDataDir(config.data_dir);
  db::DatabaseOptions options;
  options.url = EffectiveDatabaseUrl(config);
  // How many units run at once, each on its own thread and connection (on
  // SQLite, a reader). Twice the cores: SQL waits on I/O as often as on CPU.
  // At least 4, so that half of them (what a stalled kind of unit may keep,
  // see db/detail/unit_guard.hpp) still serves the other kind; SQLite keeps
  // the 8 it always had. No more on PostgreSQL: every connection plans each
  // statement again after an ANALYZE or VACUUM of its tables, and eight doing
  // it at once on the database's core made over a thousand requests slow in
  // one second in five runs of eight; four never did in sixteen, and cost
  // PostgreSQL ~16 % less CPU per request (bench/README.md, "Connections").
  // The operator's --db-connections wins: a cluster's instances share
  // PostgreSQL's max_connections.
  const bool postgres = !options.url.starts_with("sqlite:");
  const std::size_t automatic = std::max<std::size_t>(postgres ? 4 : 8, Cores() * 2);
  options.worker_threads =
      config.db_connections > 0 ? static_cast<std::size_t>(config.db_connections) : automatic;
  // One more connection than threads: the export worker runs its reads on a
  // thread of its own (api/exports/export_worker.hpp), and a unit on the pool
  // must never wait for a connection (db/postgres_database.cpp).
  options.max_connections = options.worker_threads + 1;
  return db::Open(options, {.timeout = config.db_timeout});
}

auth::AuthOptions MakeAuthOptions(const Config& config) {
  auth::AuthOptions options;
  options.jwt_secret = config.jwt_secret.empty() ? LoadOrCreateJwtSecret(config.data_dir) : config.jwt_secret;
  options.limits.login_per_address.max_events = config.login_limit_per_address;
  options.limits.login_throttle.account_failures_before_gate = config.login_failures_per_account;
  options.access_token_lifetime_ms = config.access_token_ttl_ms;
  options.limits.register_per_address.max_events = config.register_limit_per_address;
  // The parser admits only the four names.
  options.registration.mode = auth::ParseRegistrationMode(config.registration).value_or(auth::RegistrationMode::kClosed);
  options.registration.max_users = config.max_users;
  return options;
}

http::ServerOptions MakeServerOptions(const Config& config) {
  http::ServerOptions options;
  options.host = config.host;
  options.port = config.port;
  options.threads = config.threads;
  options.public_url = config.public_url;
  options.trust_proxy = config.trust_proxy;
  options.web_root = config.web_root;
  options.header_timeout = config.header_timeout;
  options.idle_timeout = config.idle_timeout;
  options.connections_per_address = config.connections_per_address;
  options.handshakes_per_minute = config.handshakes_per_minute;
  options.media_bytes_per_second = config.media_bytes_per_second;
  return options;
}

realtime::ServerOptions MakeRealtimeOptions(const Config& config) {
  realtime::ServerOptions options;
  options.ping_interval = config.realtime.ping_interval;
  options.ping_timeout = config.realtime.ping_timeout;
  // Same-origin only (the web app is served by this process): no CORS
  // headers, and a foreign Origin is refused before anything is sent.
  options.allow_request = api::live::OriginPolicy(config.public_url);
  return options;
}

// Periodic upkeep that no request triggers: ended logins are deleted a week
// after they end (a reused refresh token must still be recognised until then).
asio::awaitable<void> Housekeeping(auth::AuthService& auth, const std::atomic<bool>& ready) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    timer.expires_after(std::chrono::hours(1));
    co_await timer.async_wait(asio::use_awaitable);
    if (!ready.load()) continue;
    try {
      const auto purged = co_await auth.PurgeEndedSessions();
      if (purged > 0) spdlog::info("housekeeping: deleted {} ended sessions", purged);
    } catch (const std::exception& e) {
      spdlog::warn("housekeeping failed: {}", e.what());
    }
  }
}

// Waits until `pool` has no job queued or running (WorkerPool::queued counts
// both), at most `limit`.
bool WaitForIdle(const core::WorkerPool& pool, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (pool.queued() > 0) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

// What crashed instances left behind (issue 17.6): their upload spool folders
// and, once an hour old, media temporaries (those are shared by every instance
// on the data folder, and a live write takes milliseconds). At start-up and
// every `interval`, on the files pool.
asio::awaitable<void> SweepLeftovers(const http::SpoolDirectory& spool, lenslet::media::DiskBlobStore* blobs,
                                     core::WorkerPool& files, std::chrono::milliseconds interval) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    timer.expires_after(interval);
    co_await timer.async_wait(asio::use_awaitable);
    try {
      const auto removed = co_await files.Run(
          [&] { return spool.Sweep() + (blobs ? blobs->RemoveStaleTemporaries(std::chrono::hours(1)) : 0); });
      if (removed > 0) spdlog::info("housekeeping: removed {} leftovers of crashed instances", removed);
    } catch (const std::exception& e) {
      spdlog::warn("sweeping leftovers failed: {}", e.what());
    }
  }
}

auth::AccountMailOptions MakeAccountMailOptions(const Config& config, const auth::AuthOptions& auth) {
  auth::AccountMailOptions options;
  options.reset_token_ttl_ms = config.mail.reset_token_ttl_ms;
  options.verify_token_ttl_ms = config.mail.verify_token_ttl_ms;
  options.reset_per_address.max_events = config.mail.reset_limit_per_address;
  options.mail_per_account.max_events = config.mail.mail_limit_per_account;
  options.password = auth.password;
  options.limiters = auth.limiters;
  return options;
}

// Where links in mails point: --public-url, else this listener (development:
// never the request's Host, which a client chooses and could aim elsewhere).
std::string MailBaseUrl(const Config& config, std::uint16_t port) {
  std::string url = config.public_url;
  if (url.empty()) {
    const bool any = config.host.empty() || config.host == "0.0.0.0" || config.host == "::";
    const std::string host = any ? "localhost" : config.host.find(':') != std::string::npos ? "[" + config.host + "]" : config.host;
    url = "http://" + host + ":" + std::to_string(port);
  }
  while (url.ends_with('/')) url.pop_back();
  return url;
}

}  // namespace

int Migrate(const Config& config) {
  SetUpLogging(config);
  try {
    auto database = OpenDatabase(config);
    database->Migrate();
    spdlog::info("migrations applied");
    return 0;
  } catch (const core::Error& e) {
    return Fail("cannot migrate the database: " + e.message() + (e.internal().empty() ? "" : " (" + e.internal() + ")"));
  } catch (const std::exception& e) {
    return Fail(std::string("cannot migrate the database: ") + e.what());
  }
}

int Serve(const Config& config) {
  SetUpLogging(config);

  std::unique_ptr<db::Database> database;
  try {
    database = OpenDatabase(config);
  } catch (const core::Error& e) {
    return Fail("cannot open the database: " + e.message() + (e.internal().empty() ? "" : " (" + e.internal() + ")"));
  } catch (const std::exception& e) {
    return Fail(std::string("cannot open the database: ") + e.what());
  }

  // Password hashing is the one CPU-heavy step of a login: its own small pool,
  // at a lower priority, so a burst of logins (or of guesses from many
  // addresses) cannot starve SQL or the network threads, even on one core
  // (core/background_priority.hpp).
  const std::size_t hash_threads = std::max<std::size_t>(1, Cores() / 2);
  core::WorkerPool hash_pool("auth", hash_threads, 256);
  RunBelowRequests(hash_pool, hash_threads, "auth");
  std::unique_ptr<auth::AuthService> auth_service;
  // Declared after the service so that it stops (and stops calling it) first.
  std::unique_ptr<cluster::PgSessionEnds> session_ends;
  // The owner of an account under password guessing is told (issue 17.4);
  // the services that write and push the notification are built below.
  api::Services* alert_services = nullptr;
  auth::AuthOptions auth_options = MakeAuthOptions(config);
  // An SQLite file cannot be shared by instances: every logout is this one's.
  auth_options.sole_instance = database->dialect() == db::Dialect::kSqlite;
  // With --redis-url the rate limits and logouts are the cluster's (issue
  // 15.6, docs/operations.md "Many instances"); without, this process's own.
  std::unique_ptr<cluster::ClusterRules> cluster_rules;
  auth::LocalLimiters local_limiters;
  auth::LimiterFactory* limiters = &local_limiters;
  if (!config.realtime.redis_url.empty()) {
    try {
      cluster_rules = std::make_unique<cluster::ClusterRules>(cluster::ClusterRulesOptions{
          .url = config.realtime.redis_url,
          .key_prefix = config.realtime.cluster_name,
          .login_throttle = auth_options.limits.login_throttle});
    } catch (const std::exception& e) {
      return Fail(std::string("cannot use --redis-url: ") + e.what());
    }
    limiters = &cluster_rules->limiters();
    auth_options.revocations = &cluster_rules->revocations();
    auth_options.throttle = &cluster_rules->throttle();
  } else if (database->dialect() == db::Dialect::kPostgres) {
    // No revocation list: logins ended by other instances are heard from
    // PostgreSQL itself (migration 0021), so the session cache need not ask
    // the database on every request (issue 16).
    session_ends = std::make_unique<cluster::PgSessionEnds>(
        cluster::PgSessionEndsOptions{.url = config.database, .clock = auth_options.clock});
    auth_options.announced_ends = session_ends.get();
  }
  auth_options.limiters = limiters;
  auth_options.on_attack = [&alert_services](core::UserId owner) -> asio::awaitable<void> {
    if (alert_services) co_await api::notifications::AlertFailedLogins(*alert_services, owner);
  };
  // A sign-up queues its confirmation mail in its own unit (built below).
  auth::AccountMail* account_mail_hook = nullptr;
  auth_options.on_signed_up = [&account_mail_hook](db::Connection& c, const store::UserRow& user, core::Millis now) {
    if (account_mail_hook) account_mail_hook->StartVerification(c, user, now);
  };
  const auth::AccountMailOptions account_mail_options = MakeAccountMailOptions(config, auth_options);
  try {
    auth_service = std::make_unique<auth::AuthService>(*database, hash_pool, std::move(auth_options));
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
  if (session_ends) {
    session_ends->Start([&auth = *auth_service](const std::vector<core::SessionId>& ended) { auth.ForgetCachedSessions(ended); },
                        [&auth = *auth_service] { auth.ForgetAllCachedSessions(); });
  }
  auth::AccountMail account_mail(*database, hash_pool, *auth_service, account_mail_options);
  account_mail_hook = &account_mail;

  // Media: libvips work on its own pool (CPU-bound, a few hundred ms per
  // photo) so uploads cannot starve SQL; blob file I/O on a small pool of its
  // own. Uploads are spooled under <data-dir>/tmp/<instance>/; what crashed
  // instances left there is removed at start and by SweepLeftovers.
  lenslet::media::InitializeImageProcessing();
  const std::size_t image_threads = std::max<std::size_t>(1, Cores() / 2);
  core::WorkerPool image_pool("images", image_threads, 64);
  // Photos wait; requests do not.
  RunBelowRequests(image_pool, image_threads, "images");
  core::WorkerPool file_pool("files", 4, 1024);
  const auto data_dir = std::filesystem::path(config.data_dir);
  // The data folder or an S3-compatible store (--media-store); only a folder
  // has temporaries to sweep (an object store's PUT is atomic).
  const auto blob_store = OpenBlobStore(config);
  auto* disk_blobs = dynamic_cast<lenslet::media::DiskBlobStore*>(blob_store.get());
  if (disk_blobs) disk_blobs->RemoveStaleTemporaries(std::chrono::hours(1));
  spdlog::info("media in {}", DescribeBlobStore(config));
  if (disk_blobs == nullptr) {
    // One listing at start says at once whether the bucket and keys work. A
    // store that is down does not stop the start: media answer 503 until it is back.
    try {
      blob_store->KeysAfter("", 1);
    } catch (const core::Error& e) {
      spdlog::warn("the media store cannot be used yet: {} ({})", e.message(), e.internal());
    }
  }
  std::unique_ptr<http::SpoolDirectory> spool;
  try {
    spool = std::make_unique<http::SpoolDirectory>(data_dir / "tmp");
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
  // /metrics, the process figures and the Server screen's last hour.
  Observability observability(config, *database, file_pool);
  api::MediaServices media_services{
      .blobs = *blob_store, .images = image_pool, .files = file_pool, .spool_dir = spool->path()};
  const auto post_limiter = limiters->Make("post", {config.post_limit_per_user, 60 * 60'000});
  const auto message_limiter = limiters->Make("message", {config.message_limit_per_user, 60'000});
  const auto action_limiter = limiters->Make("action", {config.action_limit_per_user, 60'000});
  const auto comment_limiter = limiters->Make("comment", {config.comment_limit_per_user, 60'000});
  const auto conversation_limiter = limiters->Make("conversation", {config.conversation_limit_per_user, 60 * 60'000});
  const auto avatar_limiter = limiters->Make("avatar", {config.avatar_limit_per_user, 60 * 60'000});
  const auto report_limiter = limiters->Make("report", {config.report_limit_per_user, 60 * 60'000});
  const auto export_limiter = limiters->Make("export", {config.export_limit_per_user, 24 * 60 * 60'000});
  const api::ExportSettings export_settings{.dir = data_dir / "exports", .limiter = export_limiter.get()};

  // Socket.IO on /socket.io/ (API.md "Real time"). Events that reach other
  // users go through io.publisher(): in-process, or Redis with --redis-url.
  realtime::Server io(MakeRealtimeOptions(config));
  std::shared_ptr<realtime::Publisher> redis_publisher;
  if (!config.realtime.redis_url.empty()) {
    try {
      // Channel and presence keys under the cluster's name, as its rate-limit
      // and logout keys are: two clusters on one Redis have users with the
      // same ids, who must never hear each other's events.
      redis_publisher = realtime::redis::MakeRedisPublisher(
          io, {.url = config.realtime.redis_url, .channel = config.realtime.cluster_name + ":realtime"});
    } catch (const std::exception& e) {
      return Fail(std::string("cannot use --redis-url: ") + e.what());
    }
    // Before anything keeps io.publisher() (Services below).
    io.SetPublisher(redis_publisher);
  }
  api::live::SessionWatch session_watch;
  // Mail (docs/architecture.md "Mail"): the outbox is sent by a worker on the
  // control loop; built once the port is known (links point at it without
  // --public-url).
  std::unique_ptr<mail::Sender> mail_sender;
  try {
    mail_sender = config.mail.smtp_url.empty() ? mail::MakeLogSender()
                                               : mail::MakeSmtpSender({.url = config.mail.smtp_url});
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
  std::unique_ptr<mail::MailWorker> mail_worker;
  // The control loop beside the server (signals, housekeeping, and the
  // presence announcements RedisPresence decides on its own thread).
  // Declared before the presence so that it outlives it.
  asio::io_context signals_io;

  // curl blocks for a whole SMTP conversation: its own pool. Declared after
  // the control loop so it is joined while that loop still exists.
  core::WorkerPool mail_pool("mail", 2, 64);

  api::feed::ExploreSnapshots explore(config.explore_refresh_ms);
  std::atomic<bool> ready{false};
  api::Services services{
      .db = *database,
      .auth = *auth_service,
      .options = {.secure_cookies = config.public_url.starts_with("https://"),
                  .deletion_grace_ms = config.purge.grace_days * 24LL * 60 * 60'000},
      .ready = ready,
      .media = &media_services,
      .post_limiter = post_limiter.get(),
      .message_limiter = message_limiter.get(),
      .action_limiter = action_limiter.get(),
      .comment_limiter = comment_limiter.get(),
      .conversation_limiter = conversation_limiter.get(),
      .typing_limit_per_socket = config.typing_limit_per_socket,
      .read_limit_per_socket = config.read_limit_per_socket,
      .avatar_limiter = avatar_limiter.get(),
      .report_limiter = report_limiter.get(),
      .publisher = &io.publisher(),
      .server_history = &observability.history(),
      .exports = &export_settings,
      .explore = &explore,
  };
  // Who is online: this process's sockets, or every instance's through Redis
  // with --redis-url (docs/realtime.md "Real time"). Built after
  // `services`, which its announcements need; destroyed before them.
  std::unique_ptr<api::live::Presence> presence;
  if (config.realtime.redis_url.empty()) {
    presence = std::make_unique<api::live::InMemoryPresence>();
  } else {
    try {
      presence = std::make_unique<api::live::RedisPresence>(
          api::live::RedisPresenceOptions{.url = config.realtime.redis_url,
                                          .prefix = config.realtime.cluster_name + ":presence",
                                          .refresh_interval = config.realtime.presence_refresh,
                                          .ttl = config.realtime.presence_ttl},
          api::live::PresenceAnnouncer(services, signals_io.get_executor()));
    } catch (const std::exception& e) {
      io.SetPublisher(std::make_shared<realtime::InProcessPublisher>(io));
      redis_publisher.reset();
      return Fail(std::string("cannot use --redis-url: ") + e.what());
    }
  }
  services.presence = presence.get();
  services.account_mail = &account_mail;
  alert_services = &services;
  // Deleted accounts are purged in the background once their grace ends.
  AccountPurgeWorker purge_worker(services, {.interval = config.purge.interval,
                                             .lease = config.purge.lease,
                                             .batch_size = config.purge.batch_size,
                                             .batch_pause = config.purge.batch_pause});
  // The materialised home feeds, kept to their newest rows.
  HomeFeedTrimmer feed_trimmer(*database, {.interval = config.feed_trim.interval, .keep = config.feed_trim.keep});
  const auto post_caches = ConfigurePostCaches(config.post_cache_mb);
  // Popular accounts' posts, into their followers' home feeds a batch at a time.
  store::FeedFanOutQueue::SetInlineFollowers(config.feed_fanout.inline_followers);
  FeedFanOutWorker fanout_worker(*database,
                                 {.poll = config.feed_fanout.poll, .batch = config.feed_fanout.batch});
  observability.AddQueueDepth("feed_fanout", "Posts waiting for (or in) their background delivery to home feeds",
                              fanout_worker.PendingGauge());
  // Instagram imports: archives wait under <data-dir>/imports until their
  // import ends; the worker runs them on the control loop (below).
  try {
    api::imports::ConfigureImports({.dir = data_dir / "imports",
                                    .max_bytes = config.import_max_bytes,
                                    .folder_id = api::imports::LoadOrCreateFolderId(data_dir / "imports")});
  } catch (const std::exception& e) {
    return Fail(std::string("cannot prepare ") + (data_dir / "imports").string() + ": " + e.what());
  }
  ImportWorker import_worker(services, ready);
  auto router = std::make_shared<http::Router>();
  api::RegisterRoutes(*router, services);
  api::RegisterMediaRoutes(*router, services);

  api::live::InstallSocketHandlers(io, services, session_watch);

  http::Server server(MakeServerOptions(config), router, api::MakeAuthenticator(services));
  server.AddMount(realtime::MakeHttpMount(io));
  server.SetReadiness([&ready] { return ready.load(std::memory_order_acquire); });
  try {
    server.Listen();
  } catch (const std::exception& e) {
    return Fail(std::string("cannot listen on ") + config.host + ":" + std::to_string(config.port) + ": " + e.what());
  }
  spdlog::info("lenslet {} listening on http://{}:{} (database: {}; allocator: {})", core::kVersion, config.host,
               server.port(), database->dialect() == db::Dialect::kSqlite ? "sqlite" : "postgres", AllocatorName());
  mail::WorkerOptions mail_options;
  mail_options.from = EffectiveMailFrom(config.mail, config.public_url);
  mail_options.base_url = MailBaseUrl(config, server.port());
  mail_options.first_retry = config.mail.first_retry;
  mail_worker = std::make_unique<mail::MailWorker>(*database, mail_pool, *mail_sender, mail_options);
  if (config.mail.smtp_url.empty()) {
    spdlog::info("mail: no --smtp-url, mails are written to this log instead of sent (development)");
  } else {
    spdlog::info("mail: sending through {} from {}, links to {}", mail::RedactUrl(config.mail.smtp_url.Reveal()),
                 mail_options.from, mail_options.base_url);
  }

  // Migrations run beside the listener: until they finish the API answers 503.
  // The export job (api/exports/export_worker.hpp), on the control loop; its
  // builds run on its own pool. Declared after signals_io: destroyed first.
  api::exports::ExportWorker export_worker(*database, *blob_store, ready,
                                           {.dir = export_settings.dir,
                                            .poll_interval = config.export_poll_interval,
                                            .lease = config.export_lease,
                                            .ttl_ms = config.export_ttl_ms,
                                            .bytes_per_second = config.export_bytes_per_second});

  std::atomic<int> exit_code{0};
  std::thread migrator([&] {
    try {
      database->Migrate();
      ready.store(true, std::memory_order_release);
      spdlog::info("database ready");
    } catch (const std::exception& e) {
      spdlog::critical("migrations failed: {}", e.what());
      exit_code = 1;
      server.Stop();
    }
  });

  // A small control loop beside the server: SIGTERM/SIGINT start the graceful
  // drain (http::Server::Stop), and housekeeping runs on a timer.
  asio::co_spawn(signals_io, Housekeeping(*auth_service, ready), asio::detached);
  asio::co_spawn(signals_io, SweepLeftovers(*spool, disk_blobs, file_pool, config.sweep_interval),
                 asio::detached);
  asio::co_spawn(signals_io, session_watch.Run(services, io, config.realtime.session_check_interval), asio::detached);
  asio::co_spawn(signals_io, purge_worker.Run(ready), asio::detached);
  asio::co_spawn(signals_io, feed_trimmer.Run(ready), asio::detached);
  asio::co_spawn(signals_io, fanout_worker.Run(ready), asio::detached);
  asio::co_spawn(signals_io, observability.Sample(), asio::detached);
  asio::co_spawn(signals_io, export_worker.Run(), asio::detached);
  asio::co_spawn(signals_io, mail_worker->Run(ready), asio::detached);
  asio::co_spawn(signals_io, import_worker.Run(), asio::detached);
  asio::signal_set signals(signals_io, SIGTERM, SIGINT);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("received signal {}, draining", signal);
    purge_worker.Stop();
    feed_trimmer.loop().Stop();
    fanout_worker.loop().Stop();
    export_worker.Stop();
    import_worker.Stop();
    server.Stop();
  });
  std::thread signal_thread([&] { signals_io.run(); });

  server.Run();
  // The purge's unit in flight finishes and its claim is given back.
  purge_worker.Stop();
  if (!purge_worker.WaitStopped(config.db_timeout + std::chrono::seconds(5))) {
    spdlog::warn("the account purge did not stop in time; its claim lapses by itself");
  }
  // A trim in flight finishes its unit; the rest waits for the next sweep.
  feed_trimmer.loop().Stop();
  if (!feed_trimmer.loop().WaitStopped(config.db_timeout + std::chrono::seconds(5))) {
    spdlog::warn("the home feed trim did not stop in time; the next sweep resumes it");
  }
  // A delivery in flight finishes its batch; the queue keeps the rest.
  fanout_worker.loop().Stop();
  if (!fanout_worker.loop().WaitStopped(config.db_timeout + std::chrono::seconds(5))) {
    spdlog::warn("the feed fan-out did not stop in time; the queue keeps what it had not delivered");
  }
  // A build in progress stops at its next piece and gives its lease back.
  export_worker.Stop();
  // The import in hand finishes its post and gives its job back before the
  // control loop it runs on stops (it may be waiting on a pool).
  asio::post(signals_io, [&import_worker] { import_worker.Stop(); });
  import_worker.WaitStopped(std::chrono::seconds(30));
  // First the control loop: presence announcements run there and emit
  // through services.publisher, which must not be replaced under them.
  signals_io.stop();
  signal_thread.join();
  // Stopping the loop does not stop what it handed to the database pool: an
  // announcement's read unit publishes from there (api/live/
  // presence_announcer.cpp). It finishes before the publisher and the
  // presence it uses go away — a rolling restart crashed in it.
  if (!WaitForIdle(database->pool(), config.db_timeout + std::chrono::seconds(5))) {
    spdlog::warn("database work still running at shutdown");
  }
  // The Redis threads deliver into `io`: stop them before `io` goes away.
  if (redis_publisher) {
    io.SetPublisher(std::make_shared<realtime::InProcessPublisher>(io));
    redis_publisher.reset();
  }
  migrator.join();
  spdlog::info("stopped");
  return exit_code.load();
}

}  // namespace lenslet::app
