#include "app/config.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "app/metrics_endpoint.hpp"
#include "core/version.hpp"
#include "s3/location.hpp"

namespace lenslet::app {
namespace {

constexpr std::size_t kMinSecretLength = 32;

void AddServerOptions(CLI::App& cmd, Config& c, std::string& jwt_secret) {
  cmd.add_option("--host", c.host, "Address to listen on")->envname("LENSLET_HOST")->capture_default_str();
  cmd.add_option("--port", c.port, "TCP port to listen on (0 picks a free one)")
      ->envname("LENSLET_PORT")
      ->capture_default_str();
  cmd.add_option("--web-root", c.web_root, "Folder of the built web app to serve (web/dist)")
      ->envname("LENSLET_WEB_ROOT");
  cmd.add_option("--public-url", c.public_url,
                 "Public origin, e.g. https://photos.example.org: used for the CSRF origin check and "
                 "to mark cookies Secure when it is https")
      ->envname("LENSLET_PUBLIC_URL");
  cmd.add_option("--threads", c.threads, "Network threads (0: one per core)")
      ->envname("LENSLET_THREADS")
      ->capture_default_str();
  cmd.add_flag("--trust-proxy", c.trust_proxy,
               "Take the client address from X-Forwarded-For (only behind a reverse proxy you run)")
      ->envname("LENSLET_TRUST_PROXY");
  cmd.add_option("--jwt-secret", jwt_secret,
                 "Secret for signing access tokens (>= 32 characters); default: generated once and "
                 "kept in <data-dir>/jwt-secret")
      ->envname("LENSLET_JWT_SECRET");
  cmd.add_option("--login-limit", c.login_limit_per_address, "Login attempts per client address per 5 minutes")
      ->envname("LENSLET_LOGIN_LIMIT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option("--login-failure-limit", c.login_failures_per_account,
                 "Failed logins per account per 15 minutes before addresses it does not know are slowed")
      ->envname("LENSLET_LOGIN_FAILURE_LIMIT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option("--access-token-ttl-ms", c.access_token_ttl_ms,
                 "Lifetime of an access token (and of a socket opened with it)")
      ->envname("LENSLET_ACCESS_TOKEN_TTL_MS")
      ->check(CLI::Range(1'000LL, 24LL * 60 * 60'000))
      ->capture_default_str();
  cmd.add_option("--register-limit", c.register_limit_per_address, "Registrations per client address per hour")
      ->envname("LENSLET_REGISTER_LIMIT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option("--post-limit", c.post_limit_per_user, "New posts per user per hour")
      ->envname("LENSLET_POST_LIMIT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option("--message-limit", c.message_limit_per_user, "Direct messages per user per minute")
      ->envname("LENSLET_MESSAGE_LIMIT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option("--action-limit", c.action_limit_per_user,
                 "Likes, saves, follows, blocks, mutes, restricts, hidden-word and profile changes (and "
                 "their undoing) per user per minute")
      ->envname("LENSLET_ACTION_LIMIT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option("--comment-limit", c.comment_limit_per_user, "New comments per user per minute")
      ->envname("LENSLET_COMMENT_LIMIT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option("--conversation-limit", c.conversation_limit_per_user,
                 "New conversations and member additions (each request counts) per user per hour")
      ->envname("LENSLET_CONVERSATION_LIMIT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option("--typing-limit", c.typing_limit_per_socket, "Socket.IO `typing` events per socket per minute")
      ->envname("LENSLET_TYPING_LIMIT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option("--read-limit", c.read_limit_per_socket, "Socket.IO `message:read` events per socket per minute")
      ->envname("LENSLET_READ_LIMIT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option("--avatar-limit", c.avatar_limit_per_user, "Avatar uploads per user per hour")
      ->envname("LENSLET_AVATAR_LIMIT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option("--report-limit", c.report_limit_per_user, "Reports per user per hour")
      ->envname("LENSLET_REPORT_LIMIT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option_function<long>(
         "--ping-interval-ms", [&c](long v) { c.realtime.ping_interval = std::chrono::milliseconds(v); },
         "Socket.IO heartbeat interval (default 25000)")
      ->envname("LENSLET_PING_INTERVAL_MS")
      ->check(CLI::PositiveNumber);
  cmd.add_option_function<long>(
         "--ping-timeout-ms", [&c](long v) { c.realtime.ping_timeout = std::chrono::milliseconds(v); },
         "Time a Socket.IO client has to answer a heartbeat (default 20000)")
      ->envname("LENSLET_PING_TIMEOUT_MS")
      ->check(CLI::PositiveNumber);
  cmd.add_option_function<long>(
         "--session-check-ms", [&c](long v) { c.realtime.session_check_interval = std::chrono::milliseconds(v); },
         "How often connected sockets re-check their login (default 30000)")
      ->envname("LENSLET_SESSION_CHECK_MS")
      ->check(CLI::PositiveNumber);
  cmd.add_option("--redis-url", c.realtime.redis_url,
                 "redis://host:port[/db]: share real-time events between instances (default: one process)")
      ->envname("LENSLET_REDIS_URL");
  cmd.add_option("--cluster-name", c.realtime.cluster_name,
                 "With --redis-url: the prefix of this cluster's channel and keys in Redis (events, "
                 "presence, rate limits, logouts); the instances of one cluster share it")
      ->envname("LENSLET_CLUSTER_NAME")
      ->capture_default_str();
  cmd.add_option_function<long>(
         "--presence-refresh-ms", [&c](long v) { c.realtime.presence_refresh = std::chrono::milliseconds(v); },
         "With --redis-url: how often an instance re-claims its online users (default 10000)")
      ->envname("LENSLET_PRESENCE_REFRESH_MS")
      ->check(CLI::PositiveNumber);
  cmd.add_option_function<long>(
         "--presence-ttl-ms", [&c](long v) { c.realtime.presence_ttl = std::chrono::milliseconds(v); },
         "With --redis-url: how long an unrefreshed claim keeps a user online, i.e. after a crash (default 30000)")
      ->envname("LENSLET_PRESENCE_TTL_MS")
      ->check(CLI::PositiveNumber);
  cmd.add_option_function<long>(
         "--header-timeout-ms", [&c](long v) { c.header_timeout = std::chrono::milliseconds(v); },
         "Time a client has to send a request's headers")
      ->envname("LENSLET_HEADER_TIMEOUT_MS")
      ->check(CLI::PositiveNumber);
  cmd.add_option("--connections-per-address", c.connections_per_address,
                 "Concurrent HTTP connections per client address, loopback exempt (0: unlimited)")
      ->envname("LENSLET_CONNECTIONS_PER_ADDRESS")
      ->capture_default_str();
  cmd.add_option("--handshakes-per-minute", c.handshakes_per_minute,
                 "New Socket.IO sessions per client address per minute, loopback exempt (0: unlimited)")
      ->envname("LENSLET_HANDSHAKES_PER_MINUTE")
      ->capture_default_str();
  cmd.add_option("--media-bytes-per-second", c.media_bytes_per_second,
                 "Media bytes sent per client address per second, loopback exempt (0: unlimited)")
      ->envname("LENSLET_MEDIA_BYTES_PER_SECOND")
      ->capture_default_str();
  cmd.add_option_function<long>(
         "--idle-timeout-ms", [&c](long v) { c.idle_timeout = std::chrono::milliseconds(v); },
         "Time an idle keep-alive connection is kept open")
      ->envname("LENSLET_IDLE_TIMEOUT_MS")
      ->check(CLI::PositiveNumber);
  cmd.add_option_function<long>(
         "--db-timeout-ms", [&c](long v) { c.db_timeout = std::chrono::milliseconds(v); },
         "Time a request waits for the database (a lock, a connection, a statement) before it "
         "gives up with 503 and Retry-After (default 5000)")
      ->envname("LENSLET_DB_TIMEOUT_MS")
      ->check(CLI::PositiveNumber);
  cmd.add_option("--db-connections", c.db_connections,
                 "Database connections of this instance, each with a thread to run units on it (0: twice "
                 "the cores, at least 4 on PostgreSQL and 8 on SQLite; else at least 2, so that reads and "
                 "writes each keep one while the other kind stalls); every instance of a cluster opens "
                 "this many to PostgreSQL")
      ->envname("LENSLET_DB_CONNECTIONS")
      ->check(CLI::IsMember({0}) | CLI::Range(2, 1024))
      ->capture_default_str();
  cmd.add_option("--registration", c.registration,
                 "Who may sign up: open, approval (staff approve each account), invite (a code from "
                 "staff) or closed; the first account of an empty instance is always let in, as admin")
      ->envname("LENSLET_REGISTRATION")
      ->check(CLI::IsMember({"open", "approval", "invite", "closed"}))
      ->capture_default_str();
  cmd.add_option("--max-users", c.max_users, "At most this many accounts (0: no cap)")
      ->envname("LENSLET_MAX_USERS")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd.add_option("--metrics-listen", c.metrics_listen,
                 "HOST:PORT of the Prometheus /metrics listener, never the public port (off: none)")
      ->envname("LENSLET_METRICS_LISTEN")
      ->capture_default_str();
  cmd.add_option_function<long>(
         "--stats-interval-ms", [&c](long v) { c.stats_interval = std::chrono::milliseconds(v); },
         "How often the admins' Server screen gets a sample; it shows the last hour (default 10000)")
      ->envname("LENSLET_STATS_INTERVAL_MS")
      ->check(CLI::Range(100L, 600'000L));
  cmd.add_option("--import-max-bytes", c.import_max_bytes,
                 "Largest Instagram archive (ZIP) an import accepts, in bytes (413 beyond)")
      ->envname("LENSLET_IMPORT_MAX_BYTES")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option_function<long>(
         "--sweep-interval-ms", [&c](long v) { c.sweep_interval = std::chrono::milliseconds(v); },
         "How often upload spool files and media temporaries left by crashed instances are removed "
         "(default 600000)")
      ->envname("LENSLET_SWEEP_INTERVAL_MS")
      ->check(CLI::PositiveNumber);
  cmd.add_option("--deletion-grace-days", c.purge.grace_days,
                 "Days a deleted account can be restored by logging in before it is purged (0: purged at once)")
      ->envname("LENSLET_DELETION_GRACE_DAYS")
      ->check(CLI::Range(0, 3650))
      ->capture_default_str();
  cmd.add_option_function<long>(
         "--purge-interval-ms", [&c](long v) { c.purge.interval = std::chrono::milliseconds(v); },
         "How often the purge worker looks for deleted accounts whose grace period ended (default 60000)")
      ->envname("LENSLET_PURGE_INTERVAL_MS")
      ->check(CLI::PositiveNumber);
  cmd.add_option_function<long>(
         "--purge-lease-ms", [&c](long v) { c.purge.lease = std::chrono::milliseconds(v); },
         "How long a purge claimed by an instance that stopped renewing it waits before another takes it "
         "over (default 120000)")
      ->envname("LENSLET_PURGE_LEASE_MS")
      ->check(CLI::Range(1000L, 86'400'000L));
  cmd.add_option("--purge-batch-size", c.purge.batch_size, "Rows of one kind a purge removes per transaction")
      ->envname("LENSLET_PURGE_BATCH_SIZE")
      ->check(CLI::Range(1, 10'000))
      ->capture_default_str();
  cmd.add_option_function<long>(
         "--purge-batch-pause-ms", [&c](long v) { c.purge.batch_pause = std::chrono::milliseconds(v); },
         "Pause between two purge transactions, so other writes are not kept waiting (default 20)")
      ->envname("LENSLET_PURGE_BATCH_PAUSE_MS")
      ->check(CLI::NonNegativeNumber);
  cmd.add_option_function<long>(
         "--feed-trim-interval-ms", [&c](long v) { c.feed_trim.interval = std::chrono::milliseconds(v); },
         "How often the home feeds are trimmed to --feed-keep rows each, once per interval whichever "
         "instance does it (default 3600000)")
      ->envname("LENSLET_FEED_TRIM_INTERVAL_MS")
      ->check(CLI::PositiveNumber);
  cmd.add_option("--feed-keep", c.feed_trim.keep,
                 "Posts a home feed keeps materialised; older ones are read from the follows when someone "
                 "scrolls that far")
      ->envname("LENSLET_FEED_KEEP")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100'000}))
      ->capture_default_str();
  cmd.add_option("--feed-fanout-inline", c.feed_fanout.inline_followers,
                 "Followers a new post is written into the home feeds of at once; a post by an account with "
                 "more is delivered to them in the background, --feed-fanout-batch at a time")
      ->envname("LENSLET_FEED_FANOUT_INLINE")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1'000'000}))
      ->capture_default_str();
  cmd.add_option("--feed-fanout-batch", c.feed_fanout.batch,
                 "Followers per transaction of a post's background delivery to the home feeds")
      ->envname("LENSLET_FEED_FANOUT_BATCH")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100'000}))
      ->capture_default_str();
  cmd.add_option_function<long>(
         "--feed-fanout-poll-ms", [&c](long v) { c.feed_fanout.poll = std::chrono::milliseconds(v); },
         "How often an instance looks for posts queued for background delivery when there are none "
         "(default 1000)")
      ->envname("LENSLET_FEED_FANOUT_POLL_MS")
      ->check(CLI::PositiveNumber);
  cmd.add_option("--post-cache-mb", c.post_cache_mb,
                 "Memory for posts rendered once per edit and their images, shared by every page and push "
                 "(the lenslet_post_cache_* metrics show whether it holds what is read)")
      ->envname("LENSLET_POST_CACHE_MB")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{65'536}))
      ->capture_default_str();
  cmd.add_option("--export-limit", c.export_limit_per_user, "Exports of their data a user may ask for per day")
      ->envname("LENSLET_EXPORT_LIMIT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option_function<long>(
         "--export-poll-ms", [&c](long v) { c.export_poll_interval = std::chrono::milliseconds(v); },
         "How often the export job looks for exports to build and archives to expire (default 5000)")
      ->envname("LENSLET_EXPORT_POLL_MS")
      ->check(CLI::PositiveNumber);
  cmd.add_option_function<long>(
         "--export-lease-ms", [&c](long v) { c.export_lease = std::chrono::milliseconds(v); },
         "How long an instance holds an export it builds without renewing it: after a crash, the "
         "export restarts once it runs out (default 60000)")
      ->envname("LENSLET_EXPORT_LEASE_MS")
      ->check(CLI::Range(1'000L, 3'600'000L));
  cmd.add_option("--export-ttl-ms", c.export_ttl_ms, "How long a ready export archive can be downloaded")
      ->envname("LENSLET_EXPORT_TTL_MS")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option("--export-bytes-per-second", c.export_bytes_per_second,
                 "Bytes per second an export reads while writing its archive (0: unlimited)")
      ->envname("LENSLET_EXPORT_BYTES_PER_SECOND")
      ->capture_default_str();
  cmd.add_option("--explore-refresh-ms", c.explore_refresh_ms,
                 "How old explore's shared ranking may get before a page ranks anew (0: every first page)")
      ->envname("LENSLET_EXPLORE_REFRESH_MS")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  AddMailOptions(cmd, c.mail);
}

void AddCommonOptions(CLI::App& cmd, Config& c) {
  cmd.add_option("--data-dir", c.data_dir, "Folder for the SQLite database, media and the signing secret")
      ->envname("LENSLET_DATA_DIR")
      ->capture_default_str();
  cmd.add_option("--database", c.database,
                 "sqlite:<path> (default: sqlite:<data-dir>/lenslet.db) or postgres://user:pass@host/db")
      ->envname("LENSLET_DATABASE");
  cmd.add_option("--media-store", c.media_store,
                 "s3://bucket/prefix?endpoint=http://host:port&region=name: media in an S3-compatible store "
                 "(keys from LENSLET_S3_ACCESS_KEY and LENSLET_S3_SECRET_KEY); default: <data-dir>/media")
      ->envname("LENSLET_MEDIA_STORE");
  cmd.add_option("--log-level", c.log_level, "trace, debug, info, warn, error or off")
      ->envname("LENSLET_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  cmd.add_option("--log-format", c.log_format, "text (for people) or json (one object per line, for machines)")
      ->envname("LENSLET_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
}

void Validate(const Config& c) {
  const auto& db = c.database;
  if (!db.empty() && !db.starts_with("sqlite:") && !db.starts_with("postgres://") &&
      !db.starts_with("postgresql://")) {
    throw std::invalid_argument("--database must start with sqlite: or postgres:// (got '" + db + "')");
  }
  if (!c.public_url.empty() && !c.public_url.starts_with("http://") && !c.public_url.starts_with("https://")) {
    throw std::invalid_argument("--public-url must start with http:// or https://");
  }
  if (!c.realtime.redis_url.empty() && !c.realtime.redis_url.starts_with("redis://")) {
    throw std::invalid_argument("--redis-url must start with redis:// (got '" + c.realtime.redis_url + "')");
  }
  if (c.realtime.presence_ttl <= c.realtime.presence_refresh) {
    // A claim must outlive the refresh that renews it, or live users flicker offline.
    throw std::invalid_argument("--presence-ttl-ms must be longer than --presence-refresh-ms");
  }
  if (!c.media_store.empty()) {
    s3::ParseLocation(c.media_store);  // throws std::invalid_argument naming the problem
    if (c.s3_access_key.empty() || c.s3_secret_key.empty()) {
      throw std::invalid_argument(
          "--media-store needs the store's keys in LENSLET_S3_ACCESS_KEY and LENSLET_S3_SECRET_KEY");
    }
  }
  ParseListenAddress(c.metrics_listen);  // throws std::invalid_argument when malformed
  if (!c.web_root.empty() && !std::filesystem::is_directory(c.web_root)) {
    throw std::invalid_argument("--web-root '" + c.web_root + "' is not a folder");
  }
}

}  // namespace

ParseOutcome ParseCommandLine(int argc, char** argv) {
  Config config;
  std::string jwt_secret;
  CLI::App app{"Lenslet: a self-hosted photo-sharing social network", "lenslet"};
  app.set_version_flag("--version", std::string("lenslet ") + core::kVersion);
  app.require_subcommand(1);

  auto* serve = app.add_subcommand("serve", "Serve the API, real-time channel, media and web app");
  AddCommonOptions(*serve, config);
  AddServerOptions(*serve, config, jwt_secret);
  auto* migrate = app.add_subcommand("migrate", "Apply pending database migrations and exit");
  AddCommonOptions(*migrate, config);
  auto* seed = app.add_subcommand("seed", "Fill an empty database with demo users, follows and posts");
  AddCommonOptions(*seed, config);
  seed->add_option("--users", config.seed.users, "Users to create")->check(CLI::Range(1, 1'000'000))->capture_default_str();
  seed->add_option("--posts-per-user", config.seed.posts_per_user, "Posts per user")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  seed->add_option("--images", config.seed.image_pool, "Distinct generated images the posts share")
      ->check(CLI::Range(1, 10'000))
      ->capture_default_str();
  seed->add_option("--seed", config.seed.seed, "Random seed (the same seed builds the same network)")
      ->capture_default_str();
  seed->add_flag("--force", config.seed.force, "Seed even if the database already has users");
  // The same secret as the server that will accept the --tokens-out tokens.
  seed->add_option("--jwt-secret", jwt_secret, "Secret the --tokens-out tokens are signed with (as for serve)")
      ->envname("LENSLET_JWT_SECRET");
  seed->add_option("--tokens-out", config.seed.tokens_out,
                   "Write '<username> <accessToken>' per seeded user to this file (load benchmarks)");

  auto* backup = app.add_subcommand("backup", "Copy a running instance's database and media to a folder");
  AddCommonOptions(*backup, config);
  backup->add_option("--out", config.backup.out_dir, "Folder to write the backup to (updated incrementally)")
      ->required();
  auto* restore = app.add_subcommand("restore", "Put a backup into a new data folder (--data-dir)");
  AddCommonOptions(*restore, config);
  restore->add_option("backup", config.backup.restore_from, "Folder `lenslet backup --out` wrote")->required();

  auto* admin = app.add_subcommand("admin", "Administer accounts from the server's shell");
  admin->require_subcommand(1);
  auto* role = admin->add_subcommand(
      "role", "Make an account admin, moderator or user; takes effect on its next request, even while serving");
  AddCommonOptions(*role, config);
  role->add_option("username", config.admin_role.username, "The account (any case)")->required();
  role->add_option("role", config.admin_role.role, "admin, moderator or user")
      ->required()
      ->check(CLI::IsMember({"admin", "moderator", "user"}));

  try {
    app.parse(argc, argv);
    config.command = migrate->parsed()   ? Command::kMigrate
                     : seed->parsed()    ? Command::kSeed
                     : backup->parsed()  ? Command::kBackup
                     : restore->parsed() ? Command::kRestore
                     : role->parsed()    ? Command::kAdminRole
                                         : Command::kServe;
    if (!jwt_secret.empty()) {
      if (jwt_secret.size() < kMinSecretLength) {
        throw std::invalid_argument("--jwt-secret must be at least 32 characters");
      }
      config.jwt_secret = core::Secret(jwt_secret);
    }
    if (const char* key = std::getenv("LENSLET_S3_ACCESS_KEY")) config.s3_access_key = key;
    if (const char* key = std::getenv("LENSLET_S3_SECRET_KEY")) config.s3_secret_key = core::Secret(key);
    Validate(config);
  } catch (const CLI::CallForHelp& e) {
    return {std::nullopt, app.exit(e)};
  } catch (const CLI::CallForAllHelp& e) {
    return {std::nullopt, app.exit(e)};
  } catch (const CLI::CallForVersion& e) {
    return {std::nullopt, app.exit(e)};
  } catch (const CLI::ParseError& e) {
    std::cerr << "lenslet: " << e.what() << " (see lenslet --help)\n";
    return {std::nullopt, 2};
  } catch (const std::invalid_argument& e) {
    std::cerr << "lenslet: " << e.what() << "\n";
    return {std::nullopt, 2};
  }
  return {config, 0};
}

std::string EffectiveDatabaseUrl(const Config& config) {
  if (!config.database.empty()) return config.database;
  return "sqlite:" + (std::filesystem::path(config.data_dir) / "lenslet.db").string();
}

core::Secret LoadOrCreateJwtSecret(const std::string& data_dir) {
  const auto path = std::filesystem::path(data_dir) / "jwt-secret";
  if (std::ifstream in{path}; in) {
    std::string secret;
    std::getline(in, secret);
    if (secret.size() < kMinSecretLength) {
      throw std::runtime_error(path.string() + " holds a secret shorter than 32 characters; remove it to regenerate");
    }
    return core::Secret(secret);
  }
  std::random_device random;  // the OS entropy source on Linux
  std::ostringstream hex;
  for (int i = 0; i < 8; ++i) {
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", random());
    hex << buf;
  }
  const std::string secret = hex.str();
  // Created with mode 0600 from the start, so the secret is never readable by others.
  const auto tmp = path.string() + ".tmp";
  ::unlink(tmp.c_str());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + tmp + ": " + std::strerror(errno));
  const std::string line = secret + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!written) throw std::runtime_error("cannot write " + tmp + ": " + std::strerror(errno));
  std::filesystem::rename(tmp, path);
  return core::Secret(secret);
}

}  // namespace lenslet::app
