#include "api/exports/detail/zip_writer.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace lenslet::api::exports::detail {

// One entry's state, owned by its libzip source (deleted on ZIP_SOURCE_FREE).
// WARNING: exceptions must not cross libzip's C frames: every command catches
// them, keeps the first in the writer, and answers -1 (ZIP_ER_CANCELLED).
struct ZipWriter::Entry {
  ZipWriter* writer = nullptr;
  std::filesystem::path file;  // streamed from disk, or
  Loader load;                 // loaded whole when opened
  int fd = -1;
  std::string bytes;
  std::size_t offset = 0;
  zip_error_t error{};

  Entry() { zip_error_init(&error); }
  ~Entry() {
    if (fd >= 0) ::close(fd);
    zip_error_fini(&error);
  }

  zip_int64_t Fail(int code, std::exception_ptr cause = nullptr) {
    if (cause && !writer->failure_) writer->failure_ = cause;
    zip_error_set(&error, code, 0);
    return -1;
  }

  zip_int64_t Open() {
    writer->progress_(0);
    offset = 0;
    if (load) {
      auto loaded = load();
      if (!loaded) return Fail(ZIP_ER_NOENT, std::make_exception_ptr(std::runtime_error("a photo vanished")));
      bytes = std::move(*loaded);
      return 0;
    }
    fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Fail(ZIP_ER_OPEN);
    return 0;
  }

  zip_int64_t Read(void* data, zip_uint64_t len) {
    const auto want = static_cast<std::size_t>(std::min<zip_uint64_t>(len, 64 * 1024));
    if (load) {
      const auto n = std::min(want, bytes.size() - offset);
      std::memcpy(data, bytes.data() + offset, n);
      offset += n;
      writer->progress_(n);
      return static_cast<zip_int64_t>(n);
    }
    for (;;) {
      const auto n = ::read(fd, data, want);
      if (n >= 0) {
        writer->progress_(static_cast<std::size_t>(n));
        return n;
      }
      if (errno != EINTR) return Fail(ZIP_ER_READ);
    }
  }

  void Close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
    std::string().swap(bytes);
  }

  zip_int64_t Stat(void* data, zip_uint64_t len) {
    auto* st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len, &error);
    if (st == nullptr) return -1;
    zip_stat_init(st);
    st->mtime = writer->mtime_;
    st->valid |= ZIP_STAT_MTIME;
    return sizeof(*st);
  }

  static zip_int64_t Callback(void* state, void* data, zip_uint64_t len, zip_source_cmd_t command) {
    auto* self = static_cast<Entry*>(state);
    try {
      switch (command) {
        case ZIP_SOURCE_OPEN: return self->Open();
        case ZIP_SOURCE_READ: return self->Read(data, len);
        case ZIP_SOURCE_CLOSE: self->Close(); return 0;
        case ZIP_SOURCE_STAT: return self->Stat(data, len);
        case ZIP_SOURCE_ERROR: return zip_error_to_data(&self->error, data, len);
        case ZIP_SOURCE_FREE: delete self; return 0;
        case ZIP_SOURCE_SUPPORTS: return ZIP_SOURCE_SUPPORTS_READABLE;
        default: return self->Fail(ZIP_ER_OPNOTSUPP);
      }
    } catch (...) {
      return self->Fail(ZIP_ER_CANCELLED, std::current_exception());
    }
  }
};

ZipWriter::ZipWriter(const std::filesystem::path& path, Progress progress, std::time_t mtime)
    : progress_(std::move(progress)), mtime_(mtime) {
  int code = 0;
  archive_ = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (archive_ == nullptr) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    const std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw std::runtime_error("cannot create the archive: " + message);
  }
}

ZipWriter::~ZipWriter() {
  if (archive_ != nullptr) zip_discard(archive_);
}

void ZipWriter::Add(const std::string& name, Entry* entry, bool compress) {
  entry->writer = this;
  zip_source_t* source = zip_source_function(archive_, &Entry::Callback, entry);
  if (source == nullptr) {
    delete entry;
    throw std::runtime_error("cannot add to the archive: " + std::string(zip_strerror(archive_)));
  }
  const auto index = zip_file_add(archive_, name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
  if (index < 0) {
    zip_source_free(source);  // frees the entry too
    throw std::runtime_error("cannot add " + name + " to the archive: " + zip_strerror(archive_));
  }
  const auto i = static_cast<zip_uint64_t>(index);
  if (zip_set_file_compression(archive_, i, compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0) != 0 ||
      zip_file_set_mtime(archive_, i, mtime_, 0) != 0) {
    throw std::runtime_error("cannot set up " + name + " in the archive: " + zip_strerror(archive_));
  }
}

void ZipWriter::AddFile(const std::string& name, const std::filesystem::path& file, bool compress) {
  auto* entry = new Entry;
  entry->file = file;
  Add(name, entry, compress);
}

void ZipWriter::AddLoaded(const std::string& name, Loader load, bool compress) {
  auto* entry = new Entry;
  entry->load = std::move(load);
  Add(name, entry, compress);
}

void ZipWriter::Close() {
  if (zip_close(archive_) == 0) {
    archive_ = nullptr;
    return;
  }
  const std::string message = zip_strerror(archive_);
  zip_discard(archive_);
  archive_ = nullptr;
  if (failure_) std::rethrow_exception(failure_);
  throw std::runtime_error("cannot write the archive: " + message);
}

}  // namespace lenslet::api::exports::detail
