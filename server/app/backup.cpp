#include "app/backup.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include "app/blob_store_config.hpp"
#include "app/data_dir.hpp"
#include "app/durable_copy.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "core/version.hpp"
#include "db/database.hpp"
#include "db/migrations.hpp"
#include "db/sqlite_backup.hpp"
#include "media/blob_store.hpp"
#include "store/media_store.hpp"

namespace lenslet::app {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr int kManifestFormat = 1;
constexpr const char* kManifest = "manifest.json";
constexpr const char* kDatabaseFile = "lenslet.db";
constexpr const char* kSecretFile = "jwt-secret";
constexpr const char* kMarker = ".lenslet-backup";
// Where docs/operations.md tells PostgreSQL users to pg_dump to, before the
// first `lenslet backup` into the same folder.
constexpr const char* kPgDumpFile = "lenslet.pgdump";
// Database copies taken before giving up, when files keep disappearing
// between the copy and the file copies (posts deleted at that moment).
constexpr int kAttempts = 5;
constexpr int kKeysPerBatch = 5'000;

// Wrong use of the command (exit 2), as opposed to a failure on the way (1).
struct Refusal : std::runtime_error {
  using std::runtime_error::runtime_error;
};

bool IsSqlite(const std::string& url) { return url.starts_with("sqlite:"); }

std::string EffectiveUrl(const Config& config) {
  if (!config.database.empty()) return config.database;
  return "sqlite:" + (fs::path(config.data_dir) / kDatabaseFile).string();
}

// postgres://user:secret@host/db → postgres://user:***@host/db, for messages.
std::string WithoutPassword(const std::string& url) {
  const auto scheme = url.find("://");
  const auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

std::unique_ptr<db::Database> OpenQuietly(const std::string& url) {
  db::DatabaseOptions options;
  options.url = url;
  options.worker_threads = 2;
  options.max_connections = 2;
  return db::Open(options);
}

// Every media key the database references, in key order.
std::vector<std::string> ReferencedKeys(db::Database& database) {
  const store::MediaStore media;
  std::vector<std::string> keys;
  std::string after;
  for (;;) {
    auto batch = database.ReadNow([&](db::Connection& c) { return media.KeysAfter(c, after, kKeysPerBatch); });
    if (batch.empty()) break;
    after = batch.back();
    for (auto& key : batch) keys.push_back(std::move(key));
  }
  return keys;
}

struct MediaCopy {
  std::size_t files = 0;    // referenced and present in the backup
  std::size_t copied = 0;   // written by this run
  std::uintmax_t bytes = 0;  // of all files in the backup
  std::vector<std::string> missing;  // referenced, but gone from the source
};

// Brings `to` up to date with the referenced `keys` of `from`: files already
// there with the right size are kept (a key is never rewritten).
MediaCopy CopyMedia(const std::vector<std::string>& keys, const fs::path& from, const fs::path& to,
                    DurableCopier& copier) {
  MediaCopy result;
  for (const auto& key : keys) {
    // Keys come from a database file that may have been tampered with: only
    // the blob store's own key shape may name a path.
    if (!media::IsValidBlobKey(key)) throw std::runtime_error("the database references an invalid media key");
    const fs::path source = from / key;
    std::error_code error;
    const auto size = fs::file_size(source, error);
    if (error) {
      result.missing.push_back(key);
      continue;
    }
    const fs::path target = to / key;
    std::error_code absent;
    if (fs::file_size(target, absent) != size || absent) {
      copier.Copy(source, target);
      ++result.copied;
    }
    ++result.files;
    result.bytes += size;
  }
  return result;
}

// Removes files of `root` that are not among `keys` (left by an older
// backup in the same folder, or by a restore that stopped halfway).
std::size_t Prune(const fs::path& root, const std::vector<std::string>& keys) {
  if (!fs::is_directory(root)) return 0;
  const std::unordered_set<std::string> wanted(keys.begin(), keys.end());
  std::vector<fs::path> stale;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    if (!wanted.contains(fs::relative(entry.path(), root).generic_string())) stale.push_back(entry.path());
  }
  for (const auto& path : stale) fs::remove(path);
  return stale.size();
}

// True for a folder that is empty or holds nothing but `name`.
bool HoldsOnly(const fs::path& folder, const char* name) {
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().filename() != name) return false;
  }
  return true;
}

bool Inside(const fs::path& inner, const fs::path& outer) {
  const auto rel = fs::relative(inner, outer);
  return !rel.empty() && *rel.begin() != "..";
}

std::string Megabytes(std::uintmax_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return text;
}

void WriteManifest(const fs::path& folder, const json::object& manifest, DurableCopier& copier) {
  const fs::path staged = folder / "manifest.json.staged";
  {
    std::ofstream out(staged, std::ios::trunc);
    out << json::serialize(manifest) << "\n";
    if (!out.flush()) throw std::runtime_error("cannot write " + staged.string());
  }
  copier.Copy(staged, folder / kManifest);
  fs::remove(staged);
}

json::object ReadManifest(const fs::path& folder) {
  std::ifstream in(folder / kManifest);
  if (!in) {
    throw Refusal(folder.string() + " is not a finished Lenslet backup (no " + kManifest +
                  "): a backup interrupted before its end leaves none");
  }
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code error;
  auto value = json::parse(text.str(), error);
  if (error || !value.is_object()) throw Refusal(std::string(kManifest) + " is not valid JSON");
  auto& manifest = value.as_object();
  const auto* format = manifest.if_contains("format");
  if (!format || !format->is_int64() || format->as_int64() != kManifestFormat) {
    throw Refusal(std::string(kManifest) + " has a format this version does not know");
  }
  const auto* database = manifest.if_contains("database");
  if (!database || !database->is_string() ||
      (database->as_string() != "sqlite" && database->as_string() != "postgres")) {
    throw Refusal(std::string(kManifest) + " names no known database");
  }
  const auto* created = manifest.if_contains("createdAt");
  if (!created || !created->is_string()) throw Refusal(std::string(kManifest) + " has no createdAt");
  return manifest;
}

int RunBackup(const Config& config) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  if (config.backup.out_dir.empty()) throw Refusal("--out is required");
  const fs::path data = fs::weakly_canonical(fs::absolute(config.data_dir));
  const fs::path out = fs::weakly_canonical(fs::absolute(config.backup.out_dir));
  if (out == data || Inside(out, data) || Inside(data, out)) {
    throw Refusal("--out must be outside the data folder (and not contain it)");
  }
  const std::string url = EffectiveUrl(config);
  const fs::path media_from = data / "media";
  const fs::path media_to = out / "media";
  // The backup removes files of its folder that the copy does not reference:
  // it writes only into a new or empty folder, or one a backup marked as its
  // own, never into a folder of someone's other files.
  if (fs::exists(out) && !fs::exists(out / kMarker) && !HoldsOnly(out, kPgDumpFile)) {
    throw Refusal("--out " + out.string() + " is neither empty nor a Lenslet backup folder");
  }
  EnsurePrivateDataDir(out.string());
  std::ofstream(out / kMarker) << "This folder is a Lenslet backup (lenslet backup --out).\n";
  // Until the new manifest is written, the folder is an unfinished backup.
  fs::remove(out / kManifest);
  RemoveTemporaries(out);
  DurableCopier copier;

  json::object manifest;
  manifest["format"] = kManifestFormat;
  manifest["version"] = core::kVersion;
  manifest["createdAt"] = core::ToIso8601(core::NowMillis());
  MediaCopy media;
  std::vector<std::string> keys;
  // Media in an object store stay there: a bucket is copied by the store's
  // own tools (versioning, replication, `aws s3 sync`), far better than
  // object by object through here (docs/operations.md "Object storage").
  const bool media_elsewhere = !config.media_store.empty();
  manifest["media"] = media_elsewhere ? "object-store" : "folder";
  if (media_elsewhere) manifest["mediaStore"] = DescribeBlobStore(config);
  if (IsSqlite(url)) {
    const std::string source = url.substr(std::string_view("sqlite:").size());
    if (!fs::is_regular_file(source)) throw Refusal("no SQLite database at " + source);
    for (int attempt = 1;; ++attempt) {
      const auto copy = db::CopySqliteDatabase(source, (out / kDatabaseFile).string());
      std::vector<int> versions;
      {
        auto snapshot = OpenQuietly("sqlite:" + (out / kDatabaseFile).string());
        keys = ReferencedKeys(*snapshot);
        versions = db::AppliedMigrations(*snapshot);
      }
      if (!media_elsewhere) media = CopyMedia(keys, media_from, media_to, copier);
      manifest["database"] = "sqlite";
      manifest["databaseBytes"] = copy.bytes;
      manifest["schemaVersion"] = versions.empty() ? 0 : versions.back();
      if (media.missing.empty()) break;
      if (attempt == kAttempts) {
        throw std::runtime_error(std::to_string(media.missing.size()) +
                                 " media files the database references are missing from " + media_from.string() +
                                 " (first: " + media.missing.front() + ")");
      }
      std::cout << "backup: " << media.missing.size()
                << " media files were deleted while they were copied; copying the database again\n";
    }
  } else {
    // The database is pg_dump's job; the files are ours. A file deleted
    // since the listing belongs to a post deleted meanwhile: skipped.
    auto live = OpenQuietly(url);
    if (!media_elsewhere) {
      keys = ReferencedKeys(*live);
      media = CopyMedia(keys, media_from, media_to, copier);
    }
    manifest["database"] = "postgres";
    std::erase_if(keys, [&](const std::string& key) {
      return std::find(media.missing.begin(), media.missing.end(), key) != media.missing.end();
    });
  }
  const auto pruned = media_elsewhere ? 0 : Prune(media_to, keys);
  if (fs::is_regular_file(data / kSecretFile)) copier.Copy(data / kSecretFile, out / kSecretFile);
  manifest["mediaFiles"] = media.files;
  manifest["mediaBytes"] = media.bytes;
  copier.SyncFolders();
  WriteManifest(out, manifest, copier);
  copier.SyncFolders();

  const auto seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::cout << "backup: " << (IsSqlite(url) ? "SQLite" : "PostgreSQL") << " database"
            << (IsSqlite(url) ? " (" + Megabytes(manifest["databaseBytes"].as_int64()) + ")" : std::string())
            << ", " << media.files << " media files (" << media.copied << " copied, "
            << (media.files - media.copied) << " already there, " << pruned << " removed; "
            << Megabytes(media.bytes) << ") in " << std::fixed << std::setprecision(1) << seconds << " s -> "
            << out.string() << "\n";
  if (media_elsewhere) {
    std::cout << "backup: media are in " << DescribeBlobStore(config)
              << " and were not copied: back the bucket up with the store's own tools\n"
              << "  (docs/operations.md \"Object storage\")\n";
  }
  if (!IsSqlite(url)) {
    std::cout << "backup: the PostgreSQL database itself is not in this folder. Dump it with\n"
              << "  pg_dump --format=custom --file " << (out / kPgDumpFile).string() << " '"
              << WithoutPassword(url) << "'\n"
              << "right before this command (docs/operations.md \"Backups\").\n";
  }
  return 0;
}

int RunRestore(const Config& config) {
  if (config.backup.restore_from.empty()) throw Refusal("the backup folder is required: lenslet restore DIR");
  const fs::path from = fs::weakly_canonical(fs::absolute(config.backup.restore_from));
  const fs::path data = fs::weakly_canonical(fs::absolute(config.data_dir));
  const auto manifest = ReadManifest(from);
  const bool sqlite = manifest.at("database").as_string() == "sqlite";
  const std::string url = EffectiveUrl(config);
  if (sqlite != IsSqlite(url)) {
    throw Refusal(std::string("this backup holds a ") + (sqlite ? "SQLite" : "PostgreSQL") +
                  " database but --database names a " + (IsSqlite(url) ? "SQLite" : "PostgreSQL") + " one");
  }
  if (from == data || Inside(from, data) || Inside(data, from)) {
    throw Refusal("the data folder must be outside the backup folder");
  }
  const fs::path media_to = data / "media";
  const auto* media_kind = manifest.if_contains("media");
  const bool media_elsewhere = media_kind && media_kind->is_string() && media_kind->as_string() == "object-store";
  if (!media_elsewhere && !config.media_store.empty()) {
    throw Refusal("this backup holds its media files, but --media-store names an object store: restore without "
                  "--media-store, then copy " + media_to.string() +
                  " into the bucket (docs/operations.md \"Object storage\")");
  }
  const std::string target_db = sqlite ? url.substr(std::string_view("sqlite:").size()) : std::string();
  if ((sqlite && fs::exists(target_db)) || (fs::is_directory(media_to) && !fs::is_empty(media_to))) {
    throw Refusal("the data folder " + data.string() +
                  " already holds a database or media: restore into a new folder (move the old one away first)");
  }
  EnsurePrivateDataDir(data.string());
  DurableCopier copier;
  const std::string staged_db = target_db + ".restoring";

  std::vector<std::string> keys;
  if (sqlite) {
    const fs::path copy = from / kDatabaseFile;
    if (!fs::is_regular_file(copy)) throw Refusal("the backup has no " + std::string(kDatabaseFile));
    if (const auto check = db::CheckSqliteFile(copy.string()); check != "ok") {
      throw std::runtime_error("the backup's database is damaged (quick_check: " + check + ")");
    }
    // Under a name the server does not open until the media are in place: a
    // restore that stops halfway leaves no database a server would start on.
    copier.Copy(copy, staged_db);
    auto restored = OpenQuietly("sqlite:" + staged_db);
    keys = ReferencedKeys(*restored);
  } else {
    for (const auto& entry : fs::recursive_directory_iterator(from / "media")) {
      if (entry.is_regular_file()) keys.push_back(fs::relative(entry.path(), from / "media").generic_string());
    }
  }
  // A backup of an instance whose media were in an object store has none:
  // the bucket is restored with the store's tools.
  if (media_elsewhere) keys.clear();
  const auto media = CopyMedia(keys, from / "media", media_to, copier);
  if (!media.missing.empty()) {
    throw std::runtime_error(std::to_string(media.missing.size()) +
                             " media files the database references are missing from the backup (first: " +
                             media.missing.front() + ")");
  }
  if (fs::is_regular_file(from / kSecretFile) && !fs::exists(data / kSecretFile)) {
    copier.Copy(from / kSecretFile, data / kSecretFile);
  }
  copier.SyncFolders();
  if (sqlite) {
    if (std::rename(staged_db.c_str(), target_db.c_str()) != 0) {
      throw std::runtime_error("cannot rename " + staged_db + " to " + target_db);
    }
    copier.SyncFolders(fs::path(target_db).parent_path());
  }
  std::cout << "restore: " << (sqlite ? "SQLite database and " : "") << media.files << " media files ("
            << Megabytes(media.bytes) << ") from the backup of "
            << std::string(manifest.at("createdAt").as_string()) << " -> " << data.string() << "\n";
  if (media_elsewhere) {
    std::cout << "restore: the backed-up instance kept its media in "
              << std::string(manifest.at("mediaStore").as_string())
              << "; serve with the same --media-store (or restore the bucket with the store's tools)\n";
  }
  if (!sqlite) {
    std::cout << "restore: restore the PostgreSQL database from its dump with\n"
              << "  pg_restore --clean --if-exists --no-owner --dbname '" << WithoutPassword(url) << "' "
              << (from / kPgDumpFile).string() << "\n";
  }
  return 0;
}

template <typename Run>
int Guarded(const char* command, Run run, const Config& config) {
  try {
    return run(config);
  } catch (const Refusal& e) {
    std::cerr << "lenslet " << command << ": " << e.what() << "\n";
    return 2;
  } catch (const core::Error& e) {
    std::cerr << "lenslet " << command << ": " << e.message()
              << (e.internal().empty() ? "" : " (" + e.internal() + ")") << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "lenslet " << command << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

int Backup(const Config& config) { return Guarded("backup", RunBackup, config); }
int Restore(const Config& config) { return Guarded("restore", RunRestore, config); }

}  // namespace lenslet::app
