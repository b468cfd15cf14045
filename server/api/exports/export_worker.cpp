#include "api/exports/export_worker.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <charconv>
#include <cstdio>
#include <random>
#include <set>
#include <system_error>

#include "api/exports/export_archive.hpp"
#include "api/exports/export_ready_mail.hpp"
#include "core/error.hpp"
#include "db/statement_unit.hpp"

namespace lenslet::api::exports {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

// Unique per claim (not a secret): who holds a row's lease.
std::string NewClaimToken() {
  std::random_device random;
  char out[33];
  for (int i = 0; i < 4; ++i) std::snprintf(out + i * 8, 9, "%08x", static_cast<unsigned>(random()));
  return std::string(out, 32);
}

// The export id a file in the exports folder belongs to ("12.zip",
// "12.zip.Ab3dE1", "12.staging"); nullopt for anything else.
std::optional<store::ExportId> OwnerOf(const std::string& name) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
  if (ec != std::errc() || id <= 0 || end == name.data() + name.size() || *end != '.') return std::nullopt;
  return store::ExportId(id);
}

}  // namespace

ExportWorker::ExportWorker(db::Database& db, const media::BlobStore& blobs, const std::atomic<bool>& ready,
                           ExportWorkerOptions options)
    : db_(db), blobs_(blobs), ready_(ready), options_(std::move(options)), pool_("exports", 1, 4) {}

ExportWorker::~ExportWorker() { Stop(); }

asio::awaitable<void> ExportWorker::Run() {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    timer.expires_after(options_.poll_interval);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (stopping_.load()) co_return;
    if (!ready_.load()) continue;
    try {
      co_await pool_.Run([this] { Tick(); });
    } catch (const std::exception& e) {
      spdlog::warn("export job: {}", e.what());
    }
  }
}

void ExportWorker::Tick() {
  const auto now = core::NowMillis();
  // Every poll on every instance, each one statement in autocommit (issue 16).
  for (const auto id :
       db::WriteStatementNow(db_, [&](db::Connection& c) { return store_.ExpireDue(c, now); })) {
    RemoveExportFiles(options_.dir, id);
    spdlog::info("export {} expired, its archive was deleted", id.value);
  }
  Sweep(now);
  while (!stopping_.load()) {
    const auto token = NewClaimToken();
    const auto claim = db::WriteStatementNow(db_, [&](db::Connection& c) {
      return store_.Claim(c, core::NowMillis(), options_.lease.count(), token);
    });
    if (!claim) break;
    Build(*claim);
  }
}

void ExportWorker::Build(const store::ExportClaim& claim) {
  spdlog::info("export {} of user {}: building (attempt {})", claim.id.value, claim.user.value, claim.attempts);
  auto renewed_at = std::chrono::steady_clock::now();
  bool lost = false;
  ArchiveJob job{.id = claim.id,
                 .user = claim.user,
                 .dir = options_.dir,
                 .bytes_per_second = options_.bytes_per_second,
                 .check = [&] {
                   if (stopping_.load()) throw ExportCancelled("the server is stopping");
                   if (std::chrono::steady_clock::now() - renewed_at < options_.lease / 3) return;
                   renewed_at = std::chrono::steady_clock::now();
                   const auto until = core::NowMillis() + options_.lease.count();
                   if (!db_.WriteNow([&](db::Connection& c) { return store_.Renew(c, claim, until); })) {
                     lost = true;
                     throw ExportCancelled("the lease was lost");
                   }
                 }};
  try {
    const auto built = BuildArchive(db_, blobs_, job);
    const auto now = core::NowMillis();
    const auto expires_at = now + options_.ttl_ms;
    // The ETag names this archive: an export's file never changes.
    const auto etag = "\"export-" + claim.id.ToString() + "-" + std::to_string(built.size) + "\"";
    const bool marked = db_.WriteNow([&](db::Connection& c) {
      if (!store_.MarkReady(c, claim, static_cast<std::int64_t>(built.size), etag, now, expires_at)) return false;
      QueueExportReadyMail(c, claim.user, claim.id, expires_at);
      return true;
    });
    if (!marked) {
      RemoveExportFiles(options_.dir, claim.id);
      spdlog::warn("export {}: the lease was lost before it was marked ready; archive removed", claim.id.value);
      return;
    }
    spdlog::info("export {} ready ({} bytes)", claim.id.value, built.size);
  } catch (const ExportCancelled& e) {
    spdlog::info("export {} stopped: {}", claim.id.value, e.what());
    if (!lost) db_.WriteNow([&](db::Connection& c) { store_.Release(c, claim); });
  } catch (const std::exception& e) {
    const bool give_up = claim.attempts >= options_.max_attempts;
    const auto backoff = std::min<std::chrono::milliseconds>(
        options_.first_retry * (1LL << std::min<std::int64_t>(claim.attempts - 1, 20)), std::chrono::hours(1));
    const std::string error = e.what();
    spdlog::warn("export {} failed (attempt {}{}): {}", claim.id.value, claim.attempts,
                 give_up ? ", giving up" : "", error);
    db_.WriteNow([&](db::Connection& c) {
      store_.MarkAttemptFailed(c, claim, error, core::NowMillis() + backoff.count(), give_up);
    });
  }
}

// Files of no live export: what a crash left, archives that expired or were
// replaced, exports of deleted accounts. Only files untouched for a lease are
// removed, so a build another instance has just claimed is left alone.
void ExportWorker::Sweep(core::Millis now) {
  std::error_code ec;
  if (!fs::exists(options_.dir, ec)) return;
  const auto live = db::ReadStatementNow(db_, [&](db::Connection& c) { return store_.LiveExports(c, now); });
  std::set<std::int64_t> ready;
  std::set<std::int64_t> building;
  for (const auto id : live.ready) ready.insert(id.value);
  for (const auto id : live.building) building.insert(id.value);
  const auto cutoff = fs::file_time_type::clock::now() - options_.lease;
  std::size_t removed = 0;
  for (fs::directory_iterator it(options_.dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    const auto owner = OwnerOf(name);
    if (owner && building.contains(owner->value)) continue;
    if (owner && ready.contains(owner->value) && name == ArchivePath(options_.dir, *owner).filename().string()) {
      continue;
    }
    std::error_code time_ec;
    const auto mtime = fs::last_write_time(it->path(), time_ec);
    if (time_ec || mtime > cutoff) continue;
    std::error_code remove_ec;
    if (fs::remove_all(it->path(), remove_ec) > 0) ++removed;
  }
  if (removed > 0) spdlog::info("export job: removed {} leftover files", removed);
}

}  // namespace lenslet::api::exports
