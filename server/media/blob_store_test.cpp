#include "media/blob_store.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "core/error.hpp"

namespace lenslet::media {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;

class BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("lenslet-blob-test-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(std::random_device{}()));
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  // Every regular file under the root, relative, sorted.
  std::vector<std::string> Files() const {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(root_)) {
      if (e.is_regular_file()) out.push_back(fs::relative(e.path(), root_).string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  fs::path root_;
};

ErrorCode CodeOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const core::Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "no error";
  return ErrorCode::kInternal;
}

TEST_F(BlobStoreTest, StatAndReadRangeSeeTheStoredBytes) {
  DiskBlobStore store(root_);
  const std::string key = store.Put("0123456789", "jpg");
  const auto info = store.Stat(key);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->size, 10u);
  EXPECT_FALSE(info->etag.empty());
  EXPECT_EQ(store.ReadRange(key, 2, 4), "234");
  EXPECT_EQ(store.ReadRange(key, 9, 9), "9");
  EXPECT_EQ(store.ReadRange(key, 7, 20), "789");  // clipped at the end
  const std::string missing = NewBlobKey("jpg");
  EXPECT_FALSE(store.Stat(missing));
  EXPECT_FALSE(store.ReadRange(missing, 0, 1));
  EXPECT_FALSE(store.Stat("../x"));
}

TEST_F(BlobStoreTest, KeysAfterWalksEveryKeyInOrderPageByPage) {
  DiskBlobStore store(root_);
  std::vector<std::string> keys;
  for (int i = 0; i < 25; ++i) keys.push_back(store.Put("x" + std::to_string(i), i % 2 ? "webp" : "jpg"));
  std::sort(keys.begin(), keys.end());
  // Strangers are skipped: a temporary and a file of another shape.
  std::ofstream(root_ / keys[0].substr(0, 6) / ".tmp-leftover") << "x";
  std::ofstream(root_ / keys[0].substr(0, 6) / "notes.txt") << "x";
  std::vector<std::string> walked;
  std::string after;
  for (;;) {
    const auto page = store.KeysAfter(after, 4);
    if (page.empty()) break;
    EXPECT_LE(page.size(), 4u);
    walked.insert(walked.end(), page.begin(), page.end());
    after = page.back();
  }
  EXPECT_EQ(walked, keys);
  EXPECT_TRUE(DiskBlobStore(root_ / "absent").KeysAfter("", 10).empty());
}

TEST_F(BlobStoreTest, PutReadExistsDeleteRoundTrip) {
  DiskBlobStore store(root_);
  const std::string bytes("webp bytes \0 with a NUL", 23);
  const std::string key = store.Put(bytes, "webp");
  ASSERT_TRUE(IsValidBlobKey(key)) << key;
  EXPECT_EQ(key.substr(0, 6), key.substr(6, 2) + "/" + key.substr(8, 2) + "/");
  EXPECT_TRUE(key.ends_with(".webp"));
  EXPECT_TRUE(store.Exists(key));
  EXPECT_EQ(store.Read(key), bytes);
  EXPECT_EQ(store.PathOf(key), root_ / key);
  EXPECT_EQ(Files(), std::vector<std::string>{key});

  store.Delete(key);
  EXPECT_FALSE(store.Exists(key));
  store.Delete(key);  // twice is fine: a failed delete may be retried
  EXPECT_EQ(store.Read(key), std::nullopt);
}

// Issue 12.4: keys were the SHA-256 of the bytes, so the same photo uploaded
// twice shared one file and one URL, and the URL could be computed from the
// bytes. Each Put now gets a key of its own that says nothing about the bytes.
TEST_F(BlobStoreTest, EveryPutGetsItsOwnRandomKey) {
  DiskBlobStore store(root_);
  const std::string a = store.Put("abc", "jpg");
  const std::string b = store.Put("abc", "jpg");
  EXPECT_NE(a, b);
  EXPECT_EQ(Files().size(), 2u);
  // The SHA-256 of "abc": what the content-addressed key used to be. Keys of
  // that shape stored before stay valid; a new upload never lands on one.
  const std::string legacy = "ba/78/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.jpg";
  EXPECT_TRUE(IsValidBlobKey(legacy));
  EXPECT_NE(a, legacy);
  EXPECT_FALSE(store.Exists(legacy));
  store.Delete(a);
  EXPECT_EQ(store.Read(b), "abc");  // one upload's deletion leaves the other's file alone
  std::set<std::string> many;
  for (int i = 0; i < 200; ++i) many.insert(NewBlobKey("webp"));
  EXPECT_EQ(many.size(), 200u);
  for (const auto& key : many) EXPECT_TRUE(IsValidBlobKey(key)) << key;
}

TEST_F(BlobStoreTest, APartialFileUnderTheFinalNameIsReplaced) {
  DiskBlobStore store(root_);
  const std::string bytes(5000, 'q');
  const std::string key = NewBlobKey("jpg");
  fs::create_directories((root_ / key).parent_path());
  std::ofstream(root_ / key) << "short";  // e.g. copied in by hand, or an old bug
  store.PutAs(key, bytes);
  EXPECT_EQ(store.Read(key), bytes);
  store.PutAs(key, bytes);  // complete already: nothing to do
  EXPECT_EQ(Files(), std::vector<std::string>{key});
  EXPECT_EQ(CodeOf([&] { store.PutAs("../x.jpg", bytes); }), ErrorCode::kInvalidValue);
}

TEST_F(BlobStoreTest, KeysAreValidatedStrictly) {
  const std::string good = NewBlobKey("jpg");
  EXPECT_TRUE(IsValidBlobKey(good));
  std::string wrong_prefix = good;
  wrong_prefix[0] = wrong_prefix[0] == 'a' ? 'b' : 'a';
  std::string upper = good;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string hash = good.substr(6, 64);
  for (const std::string& bad : std::vector<std::string>{
           "", "../../etc/passwd", "ab/cd/../../x.jpg", wrong_prefix, upper, good.substr(6),
           good.substr(0, 70), good.substr(0, 70) + ".", good.substr(0, 70) + ".JPG",
           good.substr(0, 70) + ".toolongext", good.substr(0, 70) + ".j/g",
           good.substr(0, 70) + std::string(".jp\0g", 5), "/" + good, good + "/",
           good.substr(0, 2) + "\\" + good.substr(3),
           hash.substr(0, 2) + "/" + hash.substr(2, 2) + "/" + hash.substr(0, 63) + "g.jpg"}) {
    EXPECT_FALSE(IsValidBlobKey(bad)) << bad;
  }
  DiskBlobStore store(root_);
  EXPECT_FALSE(store.Exists("../../etc/passwd"));
  EXPECT_EQ(CodeOf([&] { store.Read("../../etc/passwd"); }), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf([&] { store.Delete("ab/cd/../x"); }), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf([&] { store.PathOf("x.jpg"); }), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf([&] { store.Put("x", "../jpg"); }), ErrorCode::kInvalidValue);
  EXPECT_EQ(CodeOf([&] { store.Put("x", ""); }), ErrorCode::kInvalidValue);
  EXPECT_TRUE(Files().empty());
}

TEST_F(BlobStoreTest, ConcurrentWritesOfTheSameKey) {
  DiskBlobStore store(root_);
  std::string bytes(300000, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7 + i / 1000);
  const std::string key = NewBlobKey("jpg");
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 5; ++round) store.PutAs(key, bytes);
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(store.Read(key), bytes);
  EXPECT_EQ(Files(), std::vector<std::string>{key});  // no temporary left behind
}

TEST_F(BlobStoreTest, AFailedWriteLeavesNoFile) {
  DiskBlobStore store(root_);
  // RLIMIT_FSIZE makes write() fail with EFBIG part-way, even for root.
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &saved), 0);
  auto* previous = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = saved;
  small.rlim_cur = 4096;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  const ErrorCode code = CodeOf([&] { store.Put(std::string(100000, 'z'), "jpg"); });
  setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, previous);
  EXPECT_EQ(code, ErrorCode::kInternal);
  EXPECT_TRUE(Files().empty()) << Files().front();
}

// Issue 17.6: ENOSPC was a 500. A full file system is 507 and leaves no
// partial file. Needs root (mount); CI runs as root.
TEST_F(BlobStoreTest, AFullDiskIs507AndLeavesNoFile) {
  const fs::path small = root_ / "small";
  fs::create_directories(small);
  const std::string mount = "mount -t tmpfs -o size=1m tmpfs " + small.string() + " 2>/dev/null";
  if (std::system(mount.c_str()) != 0) GTEST_SKIP() << "cannot mount a tmpfs here (not root?)";
  DiskBlobStore store(small);
  const std::string fits = store.Put(std::string(300 * 1024, 'a'), "jpg");
  const auto files_before = Files();
  core::Error error(ErrorCode::kInternal, "none");
  try {
    store.Put(std::string(900 * 1024, 'b'), "jpg");
  } catch (const core::Error& e) {
    error = e;
  }
  const auto files_after = Files();
  std::system(("umount " + small.string()).c_str());
  EXPECT_EQ(error.code(), ErrorCode::kInsufficientStorage) << error.internal();
  EXPECT_EQ(error.http_status(), 507);
  EXPECT_NE(error.internal().find("No space left"), std::string::npos) << error.internal();
  EXPECT_EQ(files_after, files_before);  // the stored file stays, no temporary is left
  EXPECT_FALSE(fits.empty());
}

TEST_F(BlobStoreTest, AnUnwritableRootFailsCleanly) {
  std::ofstream(root_ / "not-a-dir") << "x";
  DiskBlobStore store(root_ / "not-a-dir");
  EXPECT_EQ(CodeOf([&] { store.Put("bytes", "jpg"); }), ErrorCode::kInternal);
  EXPECT_EQ(Files(), std::vector<std::string>{"not-a-dir"});
}

TEST_F(BlobStoreTest, StaleTemporariesAreSweptFreshOnesKept) {
  DiskBlobStore store(root_);
  const std::string key = store.Put("kept", "jpg");
  const fs::path dir = (root_ / key).parent_path();
  std::ofstream(dir / ".tmp-crashed-old") << "partial";
  std::ofstream(dir / ".tmp-in-flight") << "partial";
  fs::last_write_time(dir / ".tmp-crashed-old", fs::file_time_type::clock::now() - std::chrono::hours(2));
  EXPECT_EQ(store.RemoveStaleTemporaries(std::chrono::hours(1)), 1u);
  EXPECT_TRUE(fs::exists(dir / ".tmp-in-flight"));
  EXPECT_FALSE(fs::exists(dir / ".tmp-crashed-old"));
  EXPECT_TRUE(store.Exists(key));
  DiskBlobStore missing(root_ / "nowhere");
  EXPECT_EQ(missing.RemoveStaleTemporaries(std::chrono::hours(1)), 0u);
}

}  // namespace
}  // namespace lenslet::media
