#pragma once
// What handlers reach for: the database, the domain services and the few
// settings that shape responses. Built once by app/ and shared by all routes.
#include <atomic>
#include <filesystem>
#include <string>

#include "auth/account_mail.hpp"
#include "auth/auth_service.hpp"
#include "auth/limiter.hpp"
#include "core/worker_pool.hpp"
#include "db/database.hpp"
#include "media/blob_store.hpp"

namespace lenslet::realtime {
class Publisher;
}  // namespace lenslet::realtime

namespace lenslet::api {

namespace live {
class Presence;
}  // namespace live
namespace admin {
class ServerHistory;
}  // namespace admin
namespace feed {
class ExploreSnapshots;
}  // namespace feed

struct ApiOptions {
  bool secure_cookies = false;  // --public-url is https
  // --deletion-grace-days: how long a deleted account can be restored by logging in.
  core::Millis deletion_grace_ms = 30LL * 24 * 60 * 60'000;
};

// Posts and avatars: images are processed on `images` (libvips, CPU-bound) and
// stored in `blobs`, whose file I/O (writes with fsync, reads for /media) runs
// on `files`, so neither blocks a network thread.
struct MediaServices {
  media::BlobStore& blobs;
  core::WorkerPool& images;
  core::WorkerPool& files;
  // Where uploads are spooled while a request runs (<data-dir>/tmp).
  std::filesystem::path spool_dir;
};

// Exports of users' data (api/exports/): where the archives are, and how many
// a user may ask for (null: unlimited; once across instances with --redis-url).
struct ExportSettings {
  std::filesystem::path dir;  // <data-dir>/exports
  auth::Limiter* limiter = nullptr;
};

struct Services {
  db::Database& db;
  auth::AuthService& auth;
  ApiOptions options;
  // Set once migrations have run; /health reports it.
  const std::atomic<bool>& ready;
  // Null where no media is served (tests of the route table).
  MediaServices* media = nullptr;
  // Per-user write limits (API.md "writes per user"), counted by this process
  // or, with --redis-url, once across instances (auth/limiter.hpp).
  // New posts per user; null: unlimited.
  auth::Limiter* post_limiter = nullptr;
  // Direct messages per user, both doors (REST and socket); null: unlimited.
  auth::Limiter* message_limiter = nullptr;
  // Likes, saves, follows and blocks (both directions) per user; null: unlimited.
  auth::Limiter* action_limiter = nullptr;
  // New comments per user; null: unlimited.
  auth::Limiter* comment_limiter = nullptr;
  // New conversations and member additions per user; null: unlimited.
  auth::Limiter* conversation_limiter = nullptr;
  // `typing` and `message:read` events per socket per minute (0: unlimited).
  int typing_limit_per_socket = 0;
  int read_limit_per_socket = 0;
  // Avatar uploads per user (each is an image decode); null: unlimited.
  auth::Limiter* avatar_limiter = nullptr;
  // Reports per user (POST /reports); null: unlimited.
  auth::Limiter* report_limiter = nullptr;
  // Real-time side effects (api/live/events.hpp). Null where nothing is
  // connected (route-table tests): events are then simply not sent.
  realtime::Publisher* publisher = nullptr;
  // Who is connected (conversation participants' `online`); null: nobody.
  live::Presence* presence = nullptr;
  // The last hour of the server's figures (admins' Server screen); null: none sampled.
  const admin::ServerHistory* server_history = nullptr;
  // Null where exports are not served (route-table tests).
  const ExportSettings* exports = nullptr;
  // Password resets, address confirmation and changes (mailed links); null
  // where no mail is wired (route-table tests): those routes answer 503.
  auth::AccountMail* account_mail = nullptr;
  // Explore's shared ranking (api/feed/explore_snapshots.hpp); null: every
  // page runs the full ranking query.
  feed::ExploreSnapshots* explore = nullptr;
};

}  // namespace lenslet::api
