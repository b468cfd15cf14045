#include "http/upload.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <random>
#include <system_error>
#include <utility>

#include "core/error.hpp"

namespace lenslet::http {
namespace {

std::string RandomName() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string name = "upload-";
  for (int i = 0; i < 2; ++i) {
    auto bits = random();
    for (int j = 0; j < 16; ++j, bits >>= 4) name += kHex[bits & 15];
  }
  return name + ".part";
}

// A full disk or quota is 507 (the client may retry later), not a 500.
[[noreturn]] void ThrowIo(const std::string& what) {
  const int error = errno;
  std::string internal = what + ": " + std::strerror(error);
  if (error == ENOSPC || error == EDQUOT) {
    throw core::Error(core::ErrorCode::kInsufficientStorage,
                      "The server is out of storage space, try again later", {}, std::move(internal));
  }
  throw core::Error(core::ErrorCode::kInternal, "The upload could not be stored", {}, std::move(internal));
}

}  // namespace

// Receives the parser's events. File data is written straight to the part's
// file: on the network thread, in pieces of at most one network read (64 KB,
// see session.cpp), which land in the page cache in microseconds. Handing each
// piece to a worker pool would cost a thread hop per chunk and reorder nothing
// useful; the slow part of an upload is the network, and the one slow disk
// operation (fsync) is never done here — spooled files are temporary.
class UploadedForm::Spool final : public MultipartHandler {
 public:
  explicit Spool(UploadedForm& form) : form_(form) {}
  ~Spool() override { CloseFile(); }

  void OnPartBegin(const PartInfo& part) override {
    if (!part.IsFile()) {
      form_.fields_.push_back({part.name, {}});
      field_ = &form_.fields_.back().value;
      return;
    }
    std::error_code ec;
    std::filesystem::create_directories(form_.options_.spool_dir, ec);
    // Registered before the file exists, so the destructor removes it whatever happens next.
    auto& file = form_.files_.emplace_back(UploadedFile{part.name, part.content_type, {}, 0});
    for (int attempt = 0; attempt < 5 && fd_ < 0; ++attempt) {
      file.path = form_.options_.spool_dir / RandomName();
      fd_ = ::open(file.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd_ < 0 && errno != EEXIST) break;
    }
    if (fd_ < 0) {
      file.path.clear();
      ThrowIo("cannot create a spool file in " + form_.options_.spool_dir.string());
    }
  }

  void OnPartData(std::string_view data) override {
    if (fd_ < 0) {
      field_->append(data);
      return;
    }
    form_.files_.back().size += data.size();
    while (!data.empty()) {
      const auto n = ::write(fd_, data.data(), data.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) ThrowIo("cannot write " + form_.files_.back().path.string());
      data.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  void OnPartEnd() override {
    if (fd_ >= 0 && ::close(std::exchange(fd_, -1)) != 0) ThrowIo("cannot close a spool file");
    field_ = nullptr;
  }

  void OnFinish() override {}

 private:
  void CloseFile() {
    if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  }

  UploadedForm& form_;
  int fd_ = -1;
  std::string* field_ = nullptr;
};

UploadedForm::UploadedForm(UploadOptions options, std::string_view content_type, std::uint64_t body_limit)
    : options_(std::move(options)) {
  auto boundary = ParseMultipartBoundary(content_type);
  options_.limits.max_total_bytes = body_limit;
  // fields_ must not reallocate while the spool appends to its last element.
  fields_.reserve(options_.limits.max_fields + 1);
  spool_ = std::make_unique<Spool>(*this);
  parser_ = std::make_unique<MultipartParser>(std::move(boundary), *spool_, options_.limits);
}

UploadedForm::~UploadedForm() {
  parser_.reset();
  spool_.reset();  // closes a file still open
  for (const auto& file : files_) {
    if (file.path.empty()) continue;
    std::error_code ec;
    std::filesystem::remove(file.path, ec);
  }
}

void UploadedForm::Feed(std::string_view chunk) { parser_->Feed(chunk); }

void UploadedForm::Finish() { parser_->Finish(); }

std::vector<const UploadedFile*> UploadedForm::Files(std::string_view field) const {
  std::vector<const UploadedFile*> out;
  for (const auto& file : files_) {
    if (file.field == field) out.push_back(&file);
  }
  return out;
}

std::vector<std::string_view> UploadedForm::Fields(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const auto& field : fields_) {
    if (field.name == name) out.emplace_back(field.value);
  }
  return out;
}

std::optional<std::string_view> UploadedForm::Field(std::string_view name) const {
  for (const auto& field : fields_) {
    if (field.name == name) return field.value;
  }
  return std::nullopt;
}

}  // namespace lenslet::http
