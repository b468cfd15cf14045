// GET/HEAD /api/v1/exports/{id}/archive: the ZIP of a ready export, to its
// owner only (404 for anyone else, for an unknown id, and once it expired).
// Served from disk a piece at a time (http::StreamedBody, read on the files
// pool), never whole in memory: an archive holds every photo of the account.
// Single byte ranges (206, 416) with the parser of /media (api/media/media.hpp),
// so a broken download resumes; a strong ETag (an export's file never
// changes) answers If-None-Match with 304; Content-Disposition attachment.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <memory>

#include "api/exports/export_archive.hpp"
#include "api/exports/exports.hpp"
#include "api/media/media.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "store/export_data_store.hpp"
#include "store/export_store.hpp"

namespace lenslet::api::exports {
namespace {

// The open archive, closed when the last piece of the response is gone.
struct OpenFile {
  int fd = -1;
  ~OpenFile() {
    if (fd >= 0) ::close(fd);
  }
};

std::string FileName(const std::string& username, core::Millis ready_at) {
  return "lenslet-" + username + "-" + core::ToIso8601(ready_at).substr(0, 10) + ".zip";
}

}  // namespace

boost::asio::awaitable<http::Response> DownloadExport(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto id = core::Id<store::ExportTag>::Parse(request.Param("id"));
  if (!id || services.exports == nullptr || services.media == nullptr) core::ThrowNotFound("No such export");

  struct Found {
    store::ExportRow row;
    std::string username;
  };
  const store::ExportStore exports;
  const store::ExportDataStore data;
  const auto found = co_await services.db.Read([&](db::Connection& c) -> std::optional<Found> {
    auto row = exports.Find(c, store::ExportId(*id));
    if (!row || row->user != me) return std::nullopt;
    const auto profile = data.Profile(c, me);
    return Found{std::move(*row), profile ? profile->username : std::string("export")};
  });
  const auto now = core::NowMillis();
  if (!found || found->row.status != store::ExportStatus::kReady || !found->row.etag || !found->row.expires_at ||
      *found->row.expires_at <= now) {
    core::ThrowNotFound("No such export");
  }
  const auto& etag = *found->row.etag;
  const auto with_headers = [&](http::Response response) {
    response.WithHeader("ETag", etag)
        .WithHeader("Cache-Control", "private, no-cache")
        .WithHeader("Accept-Ranges", "bytes")
        .WithHeader("X-Content-Type-Options", "nosniff");
    return response;
  };
  if (media_files::MatchesETag(request.Header("If-None-Match"), etag)) {
    http::Response not_modified;
    not_modified.status = 304;
    co_return with_headers(std::move(not_modified));
  }

  const auto path = ArchivePath(services.exports->dir, store::ExportId(*id));
  auto file = std::make_shared<OpenFile>();
  const auto size = co_await services.media->files.Run([&]() -> std::optional<std::uint64_t> {
    file->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (file->fd < 0) return std::nullopt;
    const auto end = ::lseek(file->fd, 0, SEEK_END);
    if (end < 0) return std::nullopt;
    return static_cast<std::uint64_t>(end);
  });
  if (!size) core::ThrowNotFound("No such export");

  media_files::ByteRange range{0, *size == 0 ? 0 : *size - 1};
  const auto outcome = media_files::ParseRange(request.Header("Range"), *size, range);
  if (outcome == media_files::RangeOutcome::kUnsatisfiable) co_return media_files::RangeNotSatisfiable(*size);

  http::Response response;
  response.status = outcome == media_files::RangeOutcome::kPartial ? 206 : 200;
  response.content_type = "application/zip";
  response.WithHeader("Content-Disposition",
                      "attachment; filename=\"" + FileName(found->username, found->row.ready_at.value_or(now)) + "\"");
  if (outcome == media_files::RangeOutcome::kPartial) {
    response.WithHeader("Content-Range", "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) +
                                             "/" + std::to_string(*size));
  }
  auto* pool = &services.media->files;
  const auto first = range.first;
  response.stream = std::make_shared<http::StreamedBody>(http::StreamedBody{
      .length = *size == 0 ? 0 : range.last - range.first + 1,
      .read = [file, pool, first](std::uint64_t offset, std::size_t max) -> boost::asio::awaitable<std::string> {
        co_return co_await pool->Run([&]() {
          std::string piece(max, '\0');
          for (;;) {
            const auto n = ::pread(file->fd, piece.data(), max, static_cast<off_t>(first + offset));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) throw std::runtime_error("the export archive ended early");
            piece.resize(static_cast<std::size_t>(n));
            return piece;
          }
        });
      }});
  co_return with_headers(std::move(response));
}

}  // namespace lenslet::api::exports
