#include "app/import_worker.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <filesystem>
#include <random>

#include "api/imports/import_job.hpp"
#include "api/imports/import_settings.hpp"
#include "core/time.hpp"
#include "db/statement_unit.hpp"
#include "store/import_store.hpp"

namespace lenslet::app {
namespace {

namespace asio = boost::asio;

constexpr core::Millis kLeaseMs = 30'000;

std::string WorkerName() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  std::random_device random;
  return std::string(host) + ":" + std::to_string(::getpid()) + ":" + std::to_string(random());
}

}  // namespace

ImportWorker::ImportWorker(api::Services& services, const std::atomic<bool>& ready, std::chrono::milliseconds poll)
    : services_(services), ready_(ready), poll_(poll), worker_(WorkerName()) {}

asio::awaitable<void> ImportWorker::Run() {
  {
    std::lock_guard lock(mutex_);
    running_ = true;
  }
  timer_.emplace(co_await asio::this_coro::executor);
  while (!stopping_.load()) {
    bool claimed = false;
    if (ready_.load() && !api::imports::Settings().dir.empty()) {
      try {
        const auto now = core::NowMillis();
        // Every poll on every instance: one UPDATE in autocommit (issue 16).
        auto job = co_await db::WriteStatement(services_.db, [&](db::Connection& c) {
          return store::ImportStore().Claim(c, worker_, api::imports::Settings().folder_id, now, now + kLeaseMs);
        });
        if (job) {
          claimed = true;
          spdlog::info("import {}: claimed (attempt {})", job->id, job->attempts);
          // WARNING: named, not braced temporaries in the call: GCC 12 frees
          // such a temporary coroutine argument twice (see api/conversations/post_message.cpp).
          store::ImportRow row = std::move(*job);
          api::imports::ImportJobOptions options{.worker = worker_, .lease_ms = kLeaseMs};
          co_await api::imports::RunImport(services_, std::move(row), std::move(options), stopping_);
        }
      } catch (const std::exception& e) {
        spdlog::warn("import worker: {}", e.what());
      }
    }
    if (claimed) continue;  // another may be waiting
    if (ready_.load() && !api::imports::Settings().dir.empty()) {
      try {
        co_await RemoveEndedArchives();
      } catch (const std::exception& e) {
        spdlog::warn("import worker: removing ended archives: {}", e.what());
      }
    }
    boost::system::error_code ec;
    timer_->expires_after(poll_);
    co_await timer_->async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  {
    std::lock_guard lock(mutex_);
    running_ = false;
  }
  stopped_.notify_all();
}

asio::awaitable<void> ImportWorker::RemoveEndedArchives() {
  const auto& settings = api::imports::Settings();
  const auto ended = co_await db::ReadStatement(services_.db, [&](db::Connection& c) {
    return store::ImportStore().EndedArchives(c, settings.folder_id, 20);
  });
  for (const auto& archive : ended) {
    const std::int64_t id = archive.first;
    // Names are ours (random, flat); anything else is not a file to delete here.
    if (archive.second.find('/') == std::string::npos && archive.second != ".." && archive.second != ".") {
      const auto path = settings.dir / archive.second;
      co_await services_.media->files.Run([&] {
        std::error_code ec;
        std::filesystem::remove(path, ec);
      });
    }
    co_await services_.db.Write([&](db::Connection& c) { store::ImportStore().ForgetArchive(c, id); });
    spdlog::info("import {}: its archive was deleted", id);
  }
}

void ImportWorker::Stop() {
  stopping_.store(true);
  if (timer_) timer_->cancel();
}

void ImportWorker::WaitStopped(std::chrono::milliseconds limit) {
  std::unique_lock lock(mutex_);
  stopped_.wait_for(lock, limit, [this] { return !running_; });
}

}  // namespace lenslet::app
