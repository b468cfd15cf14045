// POST /api/v1/imports/instagram (multipart `archive`: the ZIP of Instagram's
// "Download your information", JSON format) → 202 {import: {id, status}}.
//
// The body was streamed to a spool file by http/ (413 beyond
// --import-max-bytes), never held in memory. Recipe: one file → is it a ZIP
// at all, with a sane number of entries (422 now, rather than a failed import
// later) → the file moves to <data-dir>/imports/ → ONE write unit queues the
// import (409 while another of the caller's runs) → 202. The import itself is
// the background job (import_job.hpp).
#include <filesystem>
#include <random>

#include "api/imports/import_settings.hpp"
#include "api/imports/imports.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "http/upload.hpp"
#include "imports/refusal.hpp"
#include "imports/zip_archive.hpp"
#include "store/import_store.hpp"

namespace lenslet::api::imports {
namespace {

namespace fs = std::filesystem;

std::string ArchiveName(core::UserId user) {
  std::random_device random;
  const auto bits = (static_cast<std::uint64_t>(random()) << 32) ^ random();
  return std::to_string(user.value) + "-" + std::to_string(core::NowMillis()) + "-" + std::to_string(bits) + ".zip";
}

// Moves the spooled upload to its place (same file system: a rename); the
// form's destructor then finds nothing left to delete.
void Keep(const fs::path& from, const fs::path& to) {
  fs::create_directories(to.parent_path());
  std::error_code ec;
  fs::rename(from, to, ec);
  if (!ec) return;
  fs::copy_file(from, to, ec);
  if (ec) {
    fs::remove(to, ec);
    throw core::Error(ec == std::errc::no_space_on_device ? core::ErrorCode::kInsufficientStorage
                                                          : core::ErrorCode::kInternal,
                      "The archive could not be stored", "archive", ec.message());
  }
}

}  // namespace

boost::asio::awaitable<http::Response> StartInstagramImport(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  if (Settings().dir.empty() || services.media == nullptr || !request.upload) {
    throw core::Error(core::ErrorCode::kInternal, "Imports are not available", {}, "no import services");
  }
  const auto files = request.upload->Files("archive");
  if (files.size() != 1) core::ThrowInvalid("archive", "Attach the ZIP file of your Instagram data");
  const auto& upload = *files.front();
  if (upload.size == 0) core::ThrowInvalid("archive", "The file is empty");

  const bool busy = co_await services.db.Read([&](db::Connection& c) {
    const auto latest = store::ImportStore().ListOf(c, me, std::nullopt, 1);
    return !latest.empty() && (latest.front().status == "queued" || latest.front().status == "running");
  });
  if (busy) throw core::Error(core::ErrorCode::kConflict, "An import is already running", "archive");

  const auto name = ArchiveName(me);
  const auto target = Settings().dir / name;
  co_await services.media->files.Run([&] {
    try {
      const auto entries = lenslet::imports::DeclaredEntryCount(upload.path);
      const lenslet::imports::ZipLimits limits;
      if (entries > limits.max_entries) {
        throw lenslet::imports::Refusal("too_many_entries", "The archive has " + std::to_string(entries) +
                                                                " files; at most " +
                                                                std::to_string(limits.max_entries) + " are read");
      }
    } catch (const lenslet::imports::Refusal& refusal) {
      throw core::Error(core::ErrorCode::kInvalidValue, refusal.message(), "archive", refusal.reason());
    }
    Keep(upload.path, target);
  });

  std::optional<std::int64_t> id;
  std::exception_ptr failure;
  try {
    id = co_await services.db.Write(
        [&](db::Connection& c) { return store::ImportStore().Create(c, me, name, Settings().folder_id, core::NowMillis()); });
  } catch (const db::ConstraintViolation&) {
    // Another upload of the caller's won the race (imports_one_active).
  } catch (...) {
    failure = std::current_exception();
  }
  if (!id) {
    co_await services.media->files.Run([&] {
      std::error_code ec;
      fs::remove(target, ec);
    });
    if (failure) std::rethrow_exception(failure);
    throw core::Error(core::ErrorCode::kConflict, "An import is already running", "archive");
  }
  co_return http::Response::Json(
      202, {{"import", {{"id", std::to_string(*id)}, {"status", "queued"}}}});
}

}  // namespace lenslet::api::imports
