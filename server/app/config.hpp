#pragma once
// Everything `lenslet` can be told, from flags or LENSLET_* environment
// variables (flags win). Parsed in one place; the rest of the server receives
// typed values.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "app/mail_config.hpp"
#include "core/secret.hpp"

namespace lenslet::app {

enum class Command { kServe, kMigrate, kSeed, kBackup, kRestore, kAdminRole };


// `lenslet admin role USERNAME ROLE` (app/admin_command.hpp).
struct AdminRoleOptions {
  std::string username;
  std::string role;  // user, moderator or admin (checked by the parser)
};

// `lenslet seed`: demo data (app/seed.hpp).
struct SeedOptions {
  int users = 50;
  int posts_per_user = 6;
  int image_pool = 50;  // distinct generated images shared by every post
  std::uint64_t seed = 1;
  bool force = false;  // seed a database that already has users
  // When set: one line per seeded user, "<username> <accessToken>", for the
  // Socket.IO load generator (bench/), which cannot afford 10,000 Argon2 logins.
  std::string tokens_out;
};

// `lenslet backup --out DIR` and `lenslet restore DIR` (app/backup.hpp).
struct BackupOptions {
  std::string out_dir;
  std::string restore_from;
};

// The Socket.IO channel (realtime/options.hpp has the protocol's defaults).
struct RealtimeConfig {
  std::chrono::milliseconds ping_interval{25'000};
  std::chrono::milliseconds ping_timeout{20'000};
  // How often connected sockets re-check that their login still lives (a
  // logout disconnects at once; this catches revocations no request announces).
  std::chrono::milliseconds session_check_interval{30'000};
  // Empty: one process. redis://host:port[/db]: fan events out through Redis
  // pub/sub so many instances behind a load balancer act as one.
  std::string redis_url;
  // With redis_url: how often an instance re-claims its online users, and how
  // long a claim lives unrefreshed (how long a crashed instance's users stay
  // online before a surviving instance announces them offline).
  std::chrono::milliseconds presence_refresh{10'000};
  std::chrono::milliseconds presence_ttl{30'000};
  // With redis_url: the first part of the rate-limit and revocation keys
  // ("<name>:rl:…", "<name>:rv:…"). Instances of one cluster share it; two
  // clusters on one Redis need different names or they share their limits.
  std::string cluster_name = "lenslet";
};

struct Config {
  Command command = Command::kServe;
  BackupOptions backup;
  std::string host = "0.0.0.0";
  std::uint16_t port = 8081;
  std::string data_dir = "./data";
  std::string database;  // empty: sqlite:<data_dir>/lenslet.db
  std::string web_root;
  std::string public_url;
  std::string log_level = "info";
  std::string log_format = "text";  // or json: one object per line (app/logging.hpp)
  // GET /metrics (Prometheus) listens here, never on the public port; "off": nowhere.
  std::string metrics_listen = "127.0.0.1:9464";
  // How often the admins' Server screen gets a sample (it keeps an hour).
  std::chrono::milliseconds stats_interval{10'000};
  std::size_t threads = 0;  // 0: one per core
  bool trust_proxy = false;
  core::Secret jwt_secret;  // empty: generated once and kept in <data_dir>/jwt-secret
  // Rate limits, adjustable for tests and large deployments.
  int login_limit_per_address = 20;   // attempts per 5 minutes
  int login_failures_per_account = 10;  // failures per 15 minutes
  long long access_token_ttl_ms = 15 * 60'000;
  int register_limit_per_address = 10;  // per hour
  int post_limit_per_user = 30;  // new posts per hour
  int message_limit_per_user = 60;  // direct messages per minute
  // Taps: likes, saves, follows, blocks (each direction counts) per minute. The
  // web app coalesces rapid toggles, so a person rarely gets near it; a script does.
  int action_limit_per_user = 120;
  int comment_limit_per_user = 30;  // new comments per minute
  int conversation_limit_per_user = 60;  // new conversations and member additions per hour
  // Per socket per minute. The web app sends `typing` at most every 2 s and
  // `message:read` once per newest message seen.
  int typing_limit_per_socket = 60;
  int read_limit_per_socket = 120;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds idle_timeout{60'000};
  // How long a request waits for the database before it gives up with 503.
  std::chrono::milliseconds db_timeout{5'000};
  // Threads running database units, each with its own connection; 0: twice
  // the cores, at least 4 on PostgreSQL and 8 on SQLite (application.cpp says
  // why); else at least 2.
  int db_connections = 0;
  int avatar_limit_per_user = 10;  // avatar uploads per hour
  int report_limit_per_user = 30;  // reports per hour
  // How often leftovers of crashed instances (upload spool folders, media
  // temporaries) are swept while running; also swept at start.
  std::chrono::milliseconds sweep_interval{600'000};
  // Exports of users' data (api/exports/export_worker.hpp): new exports per
  // user per day, how often the job looks for work, its lease on a build, how
  // long a ready archive is served, and the archive writing pace (0: unlimited).
  int export_limit_per_user = 3;
  // How old explore's shared ranking may get before a page ranks anew
  // (api/feed/explore_snapshots.hpp); 0: every first page ranks.
  long long explore_refresh_ms = 30'000;
  std::chrono::milliseconds export_poll_interval{5'000};
  std::chrono::milliseconds export_lease{60'000};
  long long export_ttl_ms = 7LL * 24 * 60 * 60'000;
  std::uint64_t export_bytes_per_second = 0;
  // Per client address (loopback exempt), 0: unlimited. See http::ServerOptions.
  std::size_t connections_per_address = 1024;
  std::size_t handshakes_per_minute = 600;
  std::size_t media_bytes_per_second = 8u << 20;
  // Who may sign up: open, approval, invite or closed (auth/registration_policy.hpp).
  std::string registration = "open";
  std::int64_t max_users = 0;  // 0: no cap
  // Largest Instagram archive accepted by POST /imports/instagram (413 beyond).
  std::uint64_t import_max_bytes = 2ull << 30;
  RealtimeConfig realtime;
  // Empty: media in <data_dir>/media. s3://bucket/prefix?endpoint=…&region=…:
  // an S3-compatible object store (app/blob_store_config.hpp), signed with the
  // keys of LENSLET_S3_ACCESS_KEY and LENSLET_S3_SECRET_KEY (environment only,
  // so they never show in a process list).
  std::string media_store;
  std::string s3_access_key;
  core::Secret s3_secret_key;
  // Deleting accounts (issue 14.6; app/account_purge_worker.hpp).
  struct AccountPurge {
    int grace_days = 30;  // 0: the purge is due at once (tests, or no second thoughts)
    std::chrono::milliseconds interval{60'000};  // how often due purges are looked for
    std::chrono::milliseconds lease{120'000};    // a claim not renewed for this long is taken over
    int batch_size = 200;                          // rows of one kind per unit
    std::chrono::milliseconds batch_pause{20};     // between units: other writers get the database
  } purge;
  // Keeping the materialised home feeds bounded (app/home_feed_trimmer.hpp).
  struct HomeFeedTrim {
    std::chrono::milliseconds interval{60 * 60'000};  // one sweep per interval, whichever instance
    std::int64_t keep = 400;                          // rows a feed keeps; deeper pages read by fan-out
  } feed_trim;
  // Posts of accounts with many followers, fanned out in the background
  // (store/feed_fanout_queue.hpp, app/feed_fanout_worker.hpp).
  struct FeedFanOut {
    std::int64_t inline_followers = 250;    // a post's own unit writes this many followers' rows, at most
    std::int64_t batch = 250;               // followers per background unit (~5 ms on a quiet PostgreSQL)
    std::chrono::milliseconds poll{1'000};  // how often an empty queue is looked at
  } feed_fanout;
  // Posts rendered once per edit and their images, kept in memory
  // (app/post_caches.hpp): what a page or a push needs without a statement.
  std::int64_t post_cache_mb = 128;
  MailConfig mail;  // --smtp-url, --mail-from, mailed links (app/mail_config.hpp)
  SeedOptions seed;
  AdminRoleOptions admin_role;
};

// Outcome of parsing the command line: either a config to run with, or an exit
// code (0 after --help/--version, non-zero with one clear line on stderr).
struct ParseOutcome {
  std::optional<Config> config;
  int exit_code = 0;
};

ParseOutcome ParseCommandLine(int argc, char** argv);

// The SQLite URL inside the data dir when none was given.
std::string EffectiveDatabaseUrl(const Config& config);

// Reads <data_dir>/jwt-secret, or creates it (32 random bytes, hex, mode 0600)
// on first start. Throws std::runtime_error with a clear message on failure.
core::Secret LoadOrCreateJwtSecret(const std::string& data_dir);

}  // namespace lenslet::app
