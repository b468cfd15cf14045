#include "app/account_purge_worker.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>

#include "api/media/stored_media.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace lenslet::app {
namespace {

namespace asio = boost::asio;

// 128 random bits: the claim's owner mark (never a secret, only unique).
std::string NewClaimToken() {
  std::random_device random;
  std::string token;
  for (int i = 0; i < 4; ++i) {
    char part[9];
    std::snprintf(part, sizeof part, "%08x", static_cast<unsigned>(random()));
    token += part;
  }
  return token;
}

}  // namespace

AccountPurgeWorker::AccountPurgeWorker(api::Services& services, AccountPurgeOptions options)
    : services_(services), options_(options) {}

asio::awaitable<void> AccountPurgeWorker::Run(const std::atomic<bool>& ready) {
  co_await loop_.Start();
  while (!loop_.stopping()) {
    if (ready.load()) {
      try {
        // Every due purge, one after the other, until none is left.
        while (!loop_.stopping()) {
          const auto token = NewClaimToken();
          const auto now = core::NowMillis();
          const auto claim = co_await services_.db.Write([&](db::Connection& c) {
            return store::AccountDeletionStore().ClaimDue(c, now, options_.lease.count(), token);
          });
          if (!claim) break;
          co_await Purge(*claim);
        }
      } catch (const std::exception& e) {
        spdlog::warn("account purge: looking for due purges failed: {}", e.what());
      }
    }
    if (loop_.stopping()) break;
    co_await loop_.Sleep(options_.interval);
  }
  loop_.Finish();
}

asio::awaitable<void> AccountPurgeWorker::Purge(store::PurgeClaim claim) {
  const store::AccountDeletionStore deletions;
  std::string failure;
  try {
    spdlog::info("account purge: user {} (attempt {})", claim.user.value, claim.attempts);
    std::int64_t units = 0;
    while (!loop_.stopping()) {
      const auto now = core::NowMillis();
      auto batch = co_await services_.db.Write([&](db::Connection& c) {
        return deletions.PurgeStep(c, claim, now, options_.lease.count(), options_.batch_size);
      });
      ++units;
      if (batch.lost) {
        spdlog::info("account purge: user {} is no longer ours to purge (restored, or taken over)",
                     claim.user.value);
        co_return;
      }
      if (!batch.released_keys.empty()) {
        // Files no row uses any more; those another row still uses are kept
        // (the reference counts decide again just before each unlink).
        co_await api::media_files::DeleteUnreferenced(services_, batch.released_keys);
        co_await services_.db.Write(
            [&](db::Connection& c) { deletions.ForgetFiles(c, claim.user, batch.released_keys); });
      }
      if (batch.finished) {
        spdlog::info("account purge: user {} purged in {} units", claim.user.value, units);
        co_return;
      }
      if (options_.batch_pause.count() > 0) co_await loop_.Sleep(options_.batch_pause);
    }
  } catch (const core::Error& e) {
    // The database's own words are in internal(): the operator needs them.
    failure = e.internal().empty() ? e.message() : e.message() + " (" + e.internal() + ")";
  } catch (const std::exception& e) {
    failure = e.what();
  }
  // Stopped (SIGTERM) or failed: give the job back, due again at once after a
  // stop, after a growing pause after a failure. If even that fails the lease
  // lapses and another run takes it over.
  const auto now = core::NowMillis();
  const auto retry_at = failure.empty() ? now : now + BackOff(claim.attempts);
  if (!failure.empty()) {
    spdlog::warn("account purge: user {} failed (attempt {}), retrying in {} ms: {}", claim.user.value,
                 claim.attempts, retry_at - now, failure);
  }
  try {
    co_await services_.db.Write([&](db::Connection& c) { deletions.Release(c, claim, retry_at, failure); });
  } catch (const std::exception& e) {
    spdlog::warn("account purge: giving user {} back failed: {}", claim.user.value, e.what());
  }
}

core::Millis AccountPurgeWorker::BackOff(std::int64_t attempts) const {
  // interval, 2×, 4×, … capped at an hour.
  const auto shift = std::clamp<std::int64_t>(attempts - 1, 0, 16);
  return std::min<core::Millis>(options_.interval.count() << shift, 60LL * 60'000);
}

}  // namespace lenslet::app
