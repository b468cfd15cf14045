#include "api/imports/import_job.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cctype>
#include <filesystem>
#include <memory>
#include <optional>

#include "api/imports/import_settings.hpp"
#include "api/imports/import_view.hpp"
#include "api/live/events.hpp"
#include "api/media/ingest.hpp"
#include "api/posts/post_rules.hpp"
#include "core/error.hpp"
#include "imports/archive_layout.hpp"
#include "imports/instagram_posts.hpp"
#include "imports/refusal.hpp"
#include "imports/zip_archive.hpp"
#include "store/post_store.hpp"

namespace lenslet::api::imports {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using lenslet::imports::ArchivePost;
using lenslet::imports::Refusal;
using lenslet::imports::ZipArchive;

constexpr std::string_view kSource = "instagram";
// One posts_<n>.json; Instagram splits long histories into several files,
// each well under this.
constexpr std::uint64_t kMaxJsonBytes = 32u << 20;
// One photo as stored in the archive (uploads take 25 MB; archives hold the
// originals Instagram kept, which are smaller).
constexpr std::uint64_t kMaxPhotoBytes = 50u << 20;
constexpr int kAttemptsPerPost = 4;
constexpr core::Millis kRetryLaterMs = 60'000;
constexpr auto kProgressEvery = std::chrono::milliseconds(250);

struct Archive {
  std::unique_ptr<ZipArchive> zip;
  std::string root;
  std::vector<ArchivePost> posts;
};

Archive OpenArchive(const fs::path& path) {
  if (!fs::exists(path)) throw Refusal("archive_missing", "The uploaded archive is no longer on the server");
  Archive archive;
  archive.zip = std::make_unique<ZipArchive>(path);
  const auto found = lenslet::imports::FindPostsFiles(archive.zip->names());
  if (!found) {
    throw Refusal("no_posts",
                  "The archive holds no posts_1.json: is it Instagram's \"Download your information\" in JSON format?");
  }
  archive.root = found->root;
  for (const auto& name : found->files) {
    auto posts = lenslet::imports::ParsePosts(archive.zip->Read(*archive.zip->Find(name), kMaxJsonBytes));
    std::move(posts.begin(), posts.end(), std::back_inserter(archive.posts));
  }
  return archive;
}

// WARNING: outside the coroutines, see CreatePost (GCC 12 and
// ProcessOptions' initializer lists in a coroutine frame).
lenslet::media::ProcessOptions ImportImageOptions() { return {}; }

// A caption as posts take it: control characters other than line breaks and
// tabs dropped, at most kCaptionMaxLength code points (Instagram's limit too).
std::string CaptionOf(const std::string& text) {
  std::string out;
  std::size_t code_points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto ch = static_cast<unsigned char>(text[i]);
    if ((ch & 0xC0) != 0x80) {
      if (code_points == posts::kCaptionMaxLength) break;
      ++code_points;
    }
    if ((ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') || ch == 0x7F) continue;
    out.push_back(static_cast<char>(ch));
  }
  try {
    return posts::ValidateCaption(out);
  } catch (const core::Error&) {
    return {};
  }
}

// Removes the files of one post's photos whatever happens.
struct TemporaryFiles {
  std::vector<fs::path> paths;
  ~TemporaryFiles() {
    for (const auto& path : paths) {
      std::error_code ec;
      fs::remove(path, ec);
    }
  }
};

// Rolls back a unit whose key another run wrote first.
struct AlreadyImported {};

class Job {
 public:
  Job(Services& services, store::ImportRow row, ImportJobOptions options, const std::atomic<bool>& stopping)
      : services_(services), row_(std::move(row)), options_(std::move(options)), stopping_(stopping) {}

  asio::awaitable<void> Run();

 private:
  enum class Outcome { kContinue, kStop };

  asio::awaitable<void> Fail(const std::string& reason, const std::string& message);
  asio::awaitable<Outcome> Post(std::size_t index);
  asio::awaitable<void> ImportPost(std::size_t index, store::ImportStep& step);
  asio::awaitable<void> Advance(const store::ImportStep& step);
  asio::awaitable<void> Release(core::Millis after);
  void Progress(bool force);
  asio::awaitable<void> Sleep(std::chrono::milliseconds ms);
  core::Millis Lease() const { return core::NowMillis() + options_.lease_ms; }

  Services& services_;
  store::ImportRow row_;
  ImportJobOptions options_;
  const std::atomic<bool>& stopping_;
  Archive archive_;
  std::chrono::steady_clock::time_point last_progress_{};
};

asio::awaitable<void> Job::Sleep(std::chrono::milliseconds ms) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(ms);
  co_await timer.async_wait(asio::use_awaitable);
}

void Job::Progress(bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_progress_ < kProgressEvery) return;
  last_progress_ = now;
  live::EmitToUsers(services_, {row_.user}, "import:progress", ImportView(row_, std::nullopt));
}

asio::awaitable<void> Job::Fail(const std::string& reason, const std::string& message) {
  spdlog::info("import {}: failed: {} ({})", row_.id, reason, message);
  co_await services_.db.Write([&](db::Connection& c) {
    store::ImportStore().Fail(c, row_.id, options_.worker, reason, message, core::NowMillis());
  });
  row_.status = "failed";
  row_.error_reason = reason;
  row_.error_message = message;
  Progress(true);
}

asio::awaitable<void> Job::Release(core::Millis after) {
  co_await services_.db.Write(
      [&](db::Connection& c) { store::ImportStore().Release(c, row_.id, options_.worker, after); });
}

asio::awaitable<void> Job::Advance(const store::ImportStep& step) {
  co_await services_.db.Write([&](db::Connection& c) {
    store::ImportStore().Advance(c, row_.id, options_.worker, step, row_.problem_count, core::NowMillis(), Lease());
  });
}

asio::awaitable<void> Job::Run() {
  const auto path = Settings().dir / row_.archive;
  std::optional<Refusal> refusal;
  try {
    archive_ = co_await services_.media->files.Run([&] { return OpenArchive(path); });
  } catch (const Refusal& r) {
    refusal = r;
  }
  if (refusal) {
    co_await Fail(refusal->reason(), refusal->message());
    co_await services_.media->files.Run([&] {
      std::error_code ec;
      fs::remove(path, ec);
    });
    co_return;
  }
  const auto total = static_cast<std::int64_t>(archive_.posts.size());
  if (row_.counts.total != total) {
    co_await services_.db.Write(
        [&](db::Connection& c) { store::ImportStore().SetTotal(c, row_.id, options_.worker, total, Lease()); });
    row_.counts.total = total;
  }
  spdlog::info("import {}: {} posts, from post {}", row_.id, total, row_.next_item);
  Progress(true);
  for (auto i = static_cast<std::size_t>(row_.next_item); i < archive_.posts.size(); ++i) {
    if (stopping_.load()) {
      co_await Release(core::NowMillis());
      co_return;
    }
    if ((co_await Post(i)) == Outcome::kStop) co_return;
  }
  archive_.zip.reset();
  co_await services_.db.Write(
      [&](db::Connection& c) { store::ImportStore().Finish(c, row_.id, options_.worker, core::NowMillis()); });
  row_.status = "done";
  row_.finished_at = core::NowMillis();
  co_await services_.media->files.Run([&] {
    std::error_code ec;
    fs::remove(path, ec);
  });
  spdlog::info("import {}: done: {} imported, {} skipped, {} failed", row_.id, row_.counts.done,
               row_.counts.skipped, row_.counts.failed);
  Progress(true);
}

// One post, retried on faults that are nobody's; kStop when the job was
// given back or taken over.
asio::awaitable<Job::Outcome> Job::Post(std::size_t index) {
  for (int attempt = 1;; ++attempt) {
    std::string fault;
    try {
      store::ImportStep step;
      co_await ImportPost(index, step);
      co_return Outcome::kContinue;
    } catch (const store::LeaseLost&) {
      spdlog::warn("import {}: lease lost, another worker carries on", row_.id);
      co_return Outcome::kStop;
    } catch (const core::Error& e) {
      fault = e.message() + (e.internal().empty() ? "" : " (" + e.internal() + ")");
    } catch (const std::exception& e) {
      fault = e.what();
    }
    spdlog::warn("import {}: post {} attempt {} failed: {}", row_.id, index, attempt, fault);
    if (attempt == kAttemptsPerPost || stopping_.load()) {
      try {
        co_await Release(core::NowMillis() + (stopping_.load() ? 0 : kRetryLaterMs));
      } catch (const std::exception& e) {
        spdlog::warn("import {}: cannot give the job back: {} (its lease will lapse)", row_.id, e.what());
      }
      co_return Outcome::kStop;
    }
    co_await Sleep(std::chrono::milliseconds(500 << attempt));
  }
}

asio::awaitable<void> Job::ImportPost(std::size_t index, store::ImportStep& step) {
  const auto& post = archive_.posts[index];
  const auto item = static_cast<std::int64_t>(index);
  step.next_item = item + 1;
  const auto report = [&](std::optional<std::size_t> media, std::string uri, std::string outcome, std::string reason,
                          std::string message) {
    step.problems.push_back({item, media ? std::optional<std::int64_t>(static_cast<std::int64_t>(*media)) : std::nullopt,
                             std::move(uri), std::move(outcome), std::move(reason), std::move(message)});
  };
  const auto commit = [&]() -> asio::awaitable<void> {
    co_await Advance(step);
    auto& n = row_.counts;
    n.done += step.add.done, n.skipped += step.add.skipped, n.failed += step.add.failed;
    n.already_imported += step.add.already_imported, n.photos += step.add.photos;
    n.videos_skipped += step.add.videos_skipped;
    row_.next_item = step.next_item;
    row_.problem_count += static_cast<std::int64_t>(step.problems.size());
    Progress(false);
  };

  if (post.problem) {
    step.add.failed = 1;
    report(std::nullopt, post.media.empty() ? "" : post.media.front().uri, "failed", *post.problem,
           post.problem_message);
    co_await commit();
    co_return;
  }
  const auto key = lenslet::imports::ItemKey(post);
  const auto user = row_.user;
  const bool seen = co_await services_.db.Read(
      [&](db::Connection& c) { return store::ImportStore().Imported(c, user, std::string(kSource), key); });
  if (seen) {
    step.add.skipped = 1;
    step.add.already_imported = 1;
    co_await commit();
    co_return;
  }

  // The photos: found in the archive and extracted under names of ours.
  TemporaryFiles temporary;
  std::vector<media_files::Upload> uploads;
  std::vector<std::size_t> upload_media;  // the media index of each upload
  bool refused = false;
  for (std::size_t k = 0; k < post.media.size(); ++k) {
    const auto& uri = post.media[k].uri;
    if (IsVideoUri(uri)) {
      ++step.add.videos_skipped;
      report(k, uri, "skipped", "video", "Videos are not imported");
      continue;
    }
    if (uploads.size() == posts::kMaxImages) {
      report(k, uri, "skipped", "too_many_photos", "A post holds at most 10 photos: this one was left out");
      continue;
    }
    const auto candidates = lenslet::imports::CandidateEntries(archive_.root, uri);
    std::optional<std::size_t> entry;
    for (const auto& name : candidates) {
      if ((entry = archive_.zip->Find(name))) break;
    }
    if (!entry) {
      refused = true;
      if (candidates.empty()) {
        report(k, uri, "failed", "bad_uri", "The photo's path points outside the archive");
      } else {
        report(k, uri, "failed", "missing_file", "The photo is not in the archive");
      }
      continue;
    }
    const auto path = services_.media->spool_dir /
                      ("import-" + std::to_string(row_.id) + "-" + std::to_string(index) + "-" + std::to_string(k));
    temporary.paths.push_back(path);
    std::optional<Refusal> bad;
    std::uint64_t size = 0;
    try {
      size = co_await services_.media->files.Run([&] {
        std::error_code ec;
        fs::remove(path, ec);  // a leftover of an interrupted run
        archive_.zip->Extract(*entry, path, kMaxPhotoBytes);
        return static_cast<std::uint64_t>(fs::file_size(path));
      });
    } catch (const Refusal& r) {
      bad = r;
    }
    if (bad) {
      refused = true;
      report(k, uri, "failed", bad->reason(), bad->message());
      continue;
    }
    uploads.push_back({path, size, "photo"});
    upload_media.push_back(k);
  }

  // Each photo through the upload pipeline on its own, so one bad photo is
  // reported and the others still go in.
  std::vector<lenslet::media::ProcessedImage> processed;
  for (std::size_t u = 0; u < uploads.size(); ++u) {
    std::optional<core::Error> bad;
    try {
      std::vector<media_files::Upload> single;  // named: no initializer list in a coroutine (GCC 12)
      single.push_back(uploads[u]);
      auto one = co_await media_files::ProcessUploads(services_, std::move(single), ImportImageOptions());
      processed.push_back(std::move(one.front()));
    } catch (const core::Error& e) {
      if (e.http_status() >= 500) throw;
      bad = e;
    }
    if (bad) {
      refused = true;
      const auto k = upload_media[u];
      report(k, post.media[k].uri, "failed",
             bad->code() == core::ErrorCode::kUnsupportedMediaType ? "not_an_image" : "invalid_image", bad->message());
    }
  }
  co_await services_.media->files.Run([&] { TemporaryFiles done{std::move(temporary.paths)}; });

  if (processed.empty()) {
    // Nothing to post: refused photos make it a failure, videos alone a skip.
    (refused ? step.add.failed : step.add.skipped) = 1;
    co_await commit();
    co_return;
  }

  auto stored = co_await media_files::PutImages(services_, std::move(processed));
  const auto caption = CaptionOf(post.caption);
  // Dates from the future (a wrong clock) are brought back to now.
  const auto created_at = std::min<core::Millis>(*post.created_at_s * 1000, core::NowMillis());
  store::NewPost new_post{
      .author = user, .caption = caption, .hashtags = posts::ParseHashtags(caption), .now = created_at};
  for (std::size_t i = 0; i < stored.images.size(); ++i) {
    auto media_row = stored.images[i].row;
    media_row.position = static_cast<int>(i);
    new_post.media.push_back(std::move(media_row));
  }
  step.add.done = 1;
  step.add.photos = static_cast<std::int64_t>(stored.images.size());
  bool duplicate = false;
  try {
    co_await media_files::WriteReferencing(services_, stored, [&](db::Connection& c) {
      const store::ImportStore imports;
      const auto created = store::PostStore().Insert(c, new_post);
      if (!imports.Remember(c, user, std::string(kSource), key, created.id, row_.id, core::NowMillis())) {
        throw AlreadyImported{};
      }
      imports.Advance(c, row_.id, options_.worker, step, row_.problem_count, core::NowMillis(), Lease());
    });
  } catch (const AlreadyImported&) {
    duplicate = true;
  }
  if (duplicate) {
    step.add = {};
    step.add.skipped = 1;
    step.add.already_imported = 1;
    co_await commit();
    co_return;
  }
  auto& n = row_.counts;
  n.done += 1, n.photos += step.add.photos, n.skipped += step.add.skipped, n.failed += step.add.failed;
  n.videos_skipped += step.add.videos_skipped;
  row_.next_item = step.next_item;
  row_.problem_count += static_cast<std::int64_t>(step.problems.size());
  Progress(false);
}

}  // namespace

bool IsVideoUri(std::string_view uri) {
  const auto dot = uri.rfind('.');
  if (dot == std::string_view::npos) return false;
  std::string ext(uri.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return std::tolower(ch); });
  for (const auto* video : {"mp4", "mov", "m4v", "webm", "avi", "3gp", "mkv"}) {
    if (ext == video) return true;
  }
  return false;
}

boost::asio::awaitable<void> RunImport(Services& services, store::ImportRow job, ImportJobOptions options,
                                       const std::atomic<bool>& stopping) {
  Job runner(services, std::move(job), std::move(options), stopping);
  co_await runner.Run();
}

}  // namespace lenslet::api::imports
