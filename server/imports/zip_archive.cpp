#include "imports/zip_archive.hpp"

#include <zip.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>

#include "imports/refusal.hpp"

namespace lenslet::imports {
namespace {

constexpr std::uint64_t kRatioFloor = 1u << 20;  // small entries may compress as well as they like
constexpr std::size_t kEndRecordSize = 22;
constexpr std::size_t kMaxCommentSize = 0xFFFF;

std::uint64_t Little(const unsigned char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

[[noreturn]] void NotAZip() { throw Refusal("not_a_zip", "The file is not a ZIP archive"); }

[[noreturn]] void Damaged(const std::string& name) {
  throw Refusal("damaged", "The archive's copy of " + name + " is damaged or cannot be read");
}

}  // namespace

std::uint64_t DeclaredEntryCount(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) NotAZip();
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::uint64_t>(in.tellg());
  if (size < kEndRecordSize) NotAZip();
  const auto tail_size = std::min<std::uint64_t>(size, kEndRecordSize + kMaxCommentSize + 20 + 56);
  std::vector<unsigned char> tail(tail_size);
  in.seekg(static_cast<std::streamoff>(size - tail_size));
  in.read(reinterpret_cast<char*>(tail.data()), static_cast<std::streamsize>(tail_size));
  if (!in) NotAZip();
  // The end record is the last "PK\5\6" whose comment length reaches the end.
  for (std::size_t i = tail_size - kEndRecordSize + 1; i-- > 0;) {
    const unsigned char* p = tail.data() + i;
    if (Little(p, 4) != 0x06054b50) continue;
    if (i + kEndRecordSize + Little(p + 20, 2) != tail_size) continue;
    const auto count = Little(p + 10, 2);
    // ZIP64: a locator ("PK\6\7") right before points at the ZIP64 end record.
    if (i >= 20 && Little(p - 20, 4) == 0x07064b50) {
      const auto offset = Little(p - 20 + 8, 8);
      if (offset > size - 56) NotAZip();
      std::array<unsigned char, 56> record{};
      in.clear();
      in.seekg(static_cast<std::streamoff>(offset));
      in.read(reinterpret_cast<char*>(record.data()), record.size());
      if (!in || Little(record.data(), 4) != 0x06064b50) NotAZip();
      return Little(record.data() + 32, 8);
    }
    return count;
  }
  NotAZip();
}

ZipArchive::ZipArchive(const std::filesystem::path& path, ZipLimits limits) : limits_(limits) {
  const auto declared = DeclaredEntryCount(path);
  if (declared > limits_.max_entries) {
    throw Refusal("too_many_entries", "The archive has " + std::to_string(declared) + " files; at most " +
                                          std::to_string(limits_.max_entries) + " are read");
  }
  int error = 0;
  archive_ = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (archive_ == nullptr) NotAZip();
  const auto count = zip_get_num_entries(archive_, 0);
  if (count < 0 || static_cast<std::uint64_t>(count) > limits_.max_entries) {
    zip_discard(archive_);
    archive_ = nullptr;
    throw Refusal("too_many_entries", "The archive has too many files");
  }
  std::uint64_t total = 0;
  const auto n = static_cast<std::size_t>(count);
  names_.reserve(n);
  sizes_.reserve(n);
  compressed_sizes_.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    std::string name;
    std::uint64_t size = 0;
    std::uint64_t compressed = 0;
    bool encrypted = false;
    if (zip_stat_index(archive_, i, 0, &st) == 0) {
      if ((st.valid & ZIP_STAT_NAME) && st.name != nullptr) name = st.name;
      if (st.valid & ZIP_STAT_SIZE) size = st.size;
      if (st.valid & ZIP_STAT_COMP_SIZE) compressed = st.comp_size;
      encrypted = (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE;
    }
    total += std::min<std::uint64_t>(size, UINT64_MAX - total);
    by_name_.emplace(name, i);
    names_.push_back(std::move(name));
    sizes_.push_back(size);
    compressed_sizes_.push_back(compressed);
    encrypted_.push_back(encrypted);
  }
  std::error_code ec;
  const auto on_disk = std::filesystem::file_size(path, ec);
  if (!ec && total > std::max<std::uint64_t>(kRatioFloor, on_disk) * limits_.max_ratio) {
    zip_discard(archive_);
    archive_ = nullptr;
    throw Refusal("zip_bomb", "The archive's files declare " + std::to_string(total) +
                                  " bytes, far more than it could hold: it looks like a zip bomb");
  }
}

ZipArchive::~ZipArchive() {
  if (archive_ != nullptr) zip_discard(archive_);
}

std::optional<std::size_t> ZipArchive::Find(std::string_view name) const {
  const auto it = by_name_.find(std::string(name));
  if (it == by_name_.end()) return std::nullopt;
  return it->second;
}

std::uint64_t ZipArchive::DeclaredSize(std::size_t index) const { return sizes_.at(index); }

template <typename Sink>
void ZipArchive::Stream(std::size_t index, std::uint64_t max_bytes, Sink&& sink) const {
  const auto& name = names_.at(index);
  const auto declared = sizes_[index];
  if (declared > max_bytes) {
    throw Refusal("too_large", name + " is " + std::to_string(declared) + " bytes, over the limit of " +
                                   std::to_string(max_bytes));
  }
  if (declared > kRatioFloor && declared / std::max<std::uint64_t>(1, compressed_sizes_[index]) > limits_.max_ratio) {
    throw Refusal("zip_bomb", name + " expands " +
                                  std::to_string(declared / std::max<std::uint64_t>(1, compressed_sizes_[index])) +
                                  " times: it looks like a zip bomb");
  }
  if (encrypted_[index]) throw Refusal("damaged", name + " is encrypted");
  zip_file_t* file = zip_fopen_index(archive_, index, 0);
  if (file == nullptr) Damaged(name);
  std::array<char, 64 * 1024> buffer{};
  std::uint64_t seen = 0;
  try {
    for (;;) {
      // One byte more than declared may be asked for: a stream that has it is lying.
      const auto want = std::min<std::uint64_t>(buffer.size(), declared - seen + 1);
      const auto got = zip_fread(file, buffer.data(), want);
      if (got < 0) Damaged(name);
      if (got == 0) break;
      seen += static_cast<std::uint64_t>(got);
      if (seen > declared) Damaged(name);
      sink(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
    }
    if (seen != declared) Damaged(name);
  } catch (...) {
    zip_fclose(file);
    throw;
  }
  if (zip_fclose(file) != 0) Damaged(name);
}

std::string ZipArchive::Read(std::size_t index, std::uint64_t max_bytes) const {
  std::string out;
  out.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(sizes_.at(index), max_bytes)));
  Stream(index, max_bytes, [&](std::string_view chunk) { out.append(chunk); });
  return out;
}

void ZipArchive::Extract(std::size_t index, const std::filesystem::path& to, std::uint64_t max_bytes) const {
  std::FILE* out = std::fopen(to.c_str(), "wbx");
  if (out == nullptr) throw std::runtime_error("cannot create " + to.string());
  try {
    Stream(index, max_bytes, [&](std::string_view chunk) {
      if (std::fwrite(chunk.data(), 1, chunk.size(), out) != chunk.size()) {
        throw std::runtime_error("cannot write " + to.string());
      }
    });
  } catch (...) {
    std::fclose(out);
    std::error_code ec;
    std::filesystem::remove(to, ec);
    throw;
  }
  if (std::fclose(out) != 0) {
    std::error_code ec;
    std::filesystem::remove(to, ec);
    throw std::runtime_error("cannot write " + to.string());
  }
}

}  // namespace lenslet::imports
