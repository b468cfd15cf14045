#pragma once
// Storage for processed media. A key is 256 random bits, fresh for every Put,
// plus an extension, laid out as "ab/cd/<64 hex>.<ext>" so no folder grows huge.
//
// WARNING: keys are NOT derived from the bytes, on purpose (issues 12.4 and
// 17.7). With content-addressed keys (the SHA-256 of the file, as before), the
// same photo uploaded twice shared one file, so a URL answered "does anyone
// here hold this exact image?" and a deleted post's URL kept working while
// someone else used the same bytes; and anyone holding the bytes could compute
// the URL. A random key belongs to one upload only: it is a capability URL that
// cannot be guessed or derived, and it dies with its post. Keys stored before
// (SHA-256 shaped, the same layout) stay valid and are served as they were.
// Deciding when nobody references a key any more is the database's job
// (reference counts), not the store's.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lenslet::media {

// True for keys of exactly the shape Put returns: two and two hex digits that
// repeat the start of the 64-hex-digit hash, then "." and 1-8 of [a-z0-9].
// Everything read back from outside (URLs, database rows) goes through this,
// so "..", "/", NUL and friends can never reach the file system.
bool IsValidBlobKey(std::string_view key);

// A fresh key: 256 bits from the operating system's CSPRNG. Throws core::Error
// (kInvalidValue) for an extension that is not 1-8 of [a-z0-9].
std::string NewBlobKey(std::string_view extension);

// What a store knows of one stored file.
struct BlobInfo {
  std::uint64_t size = 0;
  std::string etag;  // the store's own tag (S3's ETag; size and mtime on disk)
};

// The one seam between the server and the bytes of media (docs/architecture.md
// "Media"): the data folder (DiskBlobStore) or an S3-compatible object store
// (S3BlobStore); nothing above it knows which. Every call may block on disk
// or network: callers run them on api::MediaServices::files, never on a
// network thread. Deciding when a key may go is the database's job
// (store::MediaStore), not the store's.
//
// Errors (core::Error) of every call: kInsufficientStorage (507) when the disk,
// quota or bucket is full; kUnavailable (503) when the object store cannot be
// reached (a disk store never says so); kInternal on any other I/O failure.
class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // Stores the bytes under a fresh key (NewBlobKey) and returns it. Either the
  // whole file is there afterwards or nothing is: never a partial file.
  std::string Put(std::string_view bytes, std::string_view extension);
  // Stores the bytes under a key of the caller's (one Put returned earlier).
  // Same guarantees as Put; kInvalidValue for an invalid key.
  virtual void PutAs(std::string_view key, std::string_view bytes) = 0;
  // Size and tag, or nullopt for a missing or an invalid key.
  virtual std::optional<BlobInfo> Stat(std::string_view key) const = 0;
  bool Exists(std::string_view key) const { return Stat(key).has_value(); }
  // Removes the file; a missing one is no error (deleting twice is fine, so a
  // failed delete may simply be tried again). Throws kNotFound for an invalid key.
  virtual void Delete(std::string_view key) = 0;
  // The bytes, or nullopt if missing. Throws kNotFound for an invalid key.
  virtual std::optional<std::string> Read(std::string_view key) const = 0;
  // Bytes first..last (inclusive; within the size Stat gave), or nullopt if
  // missing. Throws kNotFound for an invalid key.
  virtual std::optional<std::string> ReadRange(std::string_view key, std::uint64_t first,
                                               std::uint64_t last) const = 0;
  // Stored keys after `after` (exclusive; "" from the start) in key order, at
  // most `limit`: how a whole store is walked a page at a time. Files that
  // are not of the key shape (temporaries, strangers) are skipped.
  virtual std::vector<std::string> KeysAfter(std::string_view after, int limit) const = 0;
};

// Files under <root> (the server uses <data-dir>/media). Writes go to a
// temporary file beside the final one (O_EXCL, fsync) and are renamed into
// place, so readers and concurrent writers of the same key only ever see
// complete files.
class DiskBlobStore final : public BlobStore {
 public:
  explicit DiskBlobStore(std::filesystem::path root);

  // Unless a complete file of that size is there already.
  void PutAs(std::string_view key, std::string_view bytes) override;
  std::optional<BlobInfo> Stat(std::string_view key) const override;
  void Delete(std::string_view key) override;
  std::optional<std::string> Read(std::string_view key) const override;
  std::optional<std::string> ReadRange(std::string_view key, std::uint64_t first,
                                       std::uint64_t last) const override;
  std::vector<std::string> KeysAfter(std::string_view after, int limit) const override;

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
