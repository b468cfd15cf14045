#pragma once
// Content-addressed storage for processed media. A key is the SHA-256 of the
// bytes plus an extension, laid out as "ab/cd/<64 hex>.<ext>" so no folder
// grows huge. The same bytes always get the same key, which makes Put
// idempotent and lets posts share files; deciding when nobody references a key
// any more is the database's job (reference counts), not the store's.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace lenslet::media {

// True for keys of exactly the shape Put returns: two and two hex digits that
// repeat the start of the 64-hex-digit hash, then "." and 1-8 of [a-z0-9].
// Everything read back from outside (URLs, database rows) goes through this,
// so "..", "/", NUL and friends can never reach the file system.
bool IsValidBlobKey(std::string_view key);

// The key Put would return, without storing anything. Throws core::Error
// (kInvalidValue) for an extension that is not 1-8 of [a-z0-9].
std::string BlobKeyFor(std::string_view bytes, std::string_view extension);

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // Stores the bytes (if not already there) and returns their key. Either the
  // whole file is there afterwards or nothing is: never a partial file.
  // Throws core::Error(kInternal) on I/O failure.
  virtual std::string Put(std::string_view bytes, std::string_view extension) = 0;
  // False for a missing or an invalid key.
  virtual bool Exists(std::string_view key) const = 0;
  // Removes the file; false if it was not there. Throws core::Error(kNotFound)
  // for an invalid key.
  virtual bool Delete(std::string_view key) = 0;
  // The bytes, or nullopt if missing. Throws core::Error(kNotFound) for an
  // invalid key.
  virtual std::optional<std::string> Read(std::string_view key) const = 0;
};

// Files under <root> (the server uses <data-dir>/media). Writes go to a
// temporary file beside the final one (O_EXCL, fsync) and are renamed into
// place, so readers and concurrent writers of the same key only ever see
// complete files.
class DiskBlobStore final : public BlobStore {
 public:
  explicit DiskBlobStore(std::filesystem::path root);

  std::string Put(std::string_view bytes, std::string_view extension) override;
  bool Exists(std::string_view key) const override;
  bool Delete(std::string_view key) override;
  std::optional<std::string> Read(std::string_view key) const override;

  // Where the file of a valid key lives, for serving it (sendfile, static
  // files). Throws core::Error(kNotFound) for an invalid key; the file itself
  // may not exist.
  std::filesystem::path PathOf(std::string_view key) const;
  const std::filesystem::path& root() const { return root_; }

  // Removes temporary files that a crash left behind (none are left by errors).
  // Returns how many were removed. Only files older than `min_age` go, so
  // concurrent Puts are not disturbed.
  std::size_t RemoveStaleTemporaries(std::filesystem::file_time_type::duration min_age);

 private:
  std::filesystem::path root_;
};

}  // namespace lenslet::media
