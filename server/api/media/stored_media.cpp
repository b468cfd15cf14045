#include "api/media/stored_media.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <array>
#include <chrono>

#include "core/error.hpp"
#include "media/image_type.hpp"
#include "store/media_store.hpp"

namespace lenslet::api::media_files {
namespace {

constexpr int kDeleteAttempts = 3;
constexpr std::chrono::milliseconds kDeletePause{250};

}  // namespace

std::vector<std::string> StoredImages::keys() const {
  std::vector<std::string> out;
  out.reserve(bytes_by_key.size());
  for (const auto& [key, bytes] : bytes_by_key) out.push_back(key);
  return out;
}

boost::asio::awaitable<StoredImages> PutImages(Services& services,
                                               std::vector<lenslet::media::ProcessedImage> images) {
  auto& media = *services.media;
  StoredImages stored;
  std::exception_ptr failure;
  co_await media.files.Run([&] {
    try {
      for (auto& image : images) {
        StoredImage one;
        one.row.width = image.width;
        one.row.height = image.height;
        one.row.placeholder = std::move(image.placeholder);
        one.row.average_colour = std::move(image.average_colour);
        for (auto& variant : image.variants) {
          auto key = media.blobs.Put(variant.bytes, variant.extension);
          one.row.variants.push_back(store::MediaVariantRow{.key = key,
                                                            .width = variant.width,
                                                            .height = variant.height,
                                                            .mime_type = std::string(variant.mime_type)});
          stored.bytes_by_key.emplace(std::move(key), std::move(variant.bytes));
        }
        stored.images.push_back(std::move(one));
      }
    } catch (...) {
      failure = std::current_exception();
    }
  });
  if (failure) {
    co_await DeleteUnreferenced(services, stored.keys());
    std::rethrow_exception(failure);
  }
  co_return stored;
}

void EnsureStored(lenslet::media::BlobStore& blobs, const std::vector<std::string>& new_keys,
                  const std::map<std::string, std::string>& bytes_by_key) {
  for (const auto& key : new_keys) {
    if (blobs.Exists(key)) continue;
    const auto it = bytes_by_key.find(key);
    if (it == bytes_by_key.end()) continue;
    blobs.PutAs(key, it->second);
  }
}

boost::asio::awaitable<void> DeleteUnreferenced(Services& services, std::vector<std::string> keys) {
  if (keys.empty() || services.media == nullptr) co_return;
  try {
    const auto referenced =
        co_await services.db.Read([&](db::Connection& c) { return store::MediaStore().Referenced(c, keys); });
    std::erase_if(keys, [&](const std::string& key) {
      return std::find(referenced.begin(), referenced.end(), key) != referenced.end();
    });
  } catch (const std::exception& e) {
    spdlog::warn("could not delete {} unreferenced media files: {}", keys.size(), e.what());
    co_return;
  }
  // An object store may be unreachable for a moment: the keys still to go are
  // tried again after a pause. An attempt stops at its first failure (the
  // store is down for every key alike), so a store that does not answer costs
  // a connect timeout per attempt, not per key. Deleting twice is harmless.
  auto& blobs = services.media->blobs;
  std::string last_error;
  for (int attempt = 1; !keys.empty(); ++attempt) {
    try {
      const auto deleted = co_await services.media->files.Run([&blobs, &keys, &last_error] {
        std::size_t done = 0;
        try {
          for (; done < keys.size(); ++done) blobs.Delete(keys[done]);
        } catch (const core::Error& e) {
          last_error = e.internal().empty() ? e.message() : e.internal();
        } catch (const std::exception& e) {
          last_error = e.what();
        }
        return done;
      });
      keys.erase(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(deleted));
    } catch (const std::exception& e) {  // the files pool refused the work
      last_error = e.what();
    }
    if (keys.empty() || attempt == kDeleteAttempts) break;
    boost::asio::steady_timer pause(co_await boost::asio::this_coro::executor, kDeletePause * attempt);
    co_await pause.async_wait(boost::asio::use_awaitable);
  }
  if (!keys.empty()) {
    // Nothing references them any more: garbage to sweep, reachable only by
    // whoever kept the URL. The line names every key so an operator can
    // delete them (docs/operations.md "Object storage").
    std::string listed;
    for (const auto& key : keys) listed += (listed.empty() ? "" : " ") + key;
    spdlog::error("media files left in the store after {} attempts ({}); delete them by hand: {}", kDeleteAttempts,
                  last_error, listed);
  }
}

std::string ReadUploadHead(const std::filesystem::path& path) {
  std::array<char, lenslet::media::kSniffBytes> head{};
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw core::Error(core::ErrorCode::kInternal, "The upload could not be read", {}, path.string());
  std::size_t got = 0;
  while (got < head.size()) {
    const auto n = ::read(fd, head.data() + got, head.size() - got);
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return std::string(head.data(), got);
}

}  // namespace lenslet::api::media_files
