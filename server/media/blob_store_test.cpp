#include "media/blob_store.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
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

TEST_F(BlobStoreTest, PutReadExistsDeleteRoundTrip) {
  DiskBlobStore store(root_);
  const std::string bytes("webp bytes \0 with a NUL", 23);
  const std::string key = store.Put(bytes, "webp");
  ASSERT_TRUE(IsValidBlobKey(key)) << key;
  EXPECT_EQ(key, BlobKeyFor(bytes, "webp"));
  EXPECT_EQ(key.substr(0, 6), key.substr(6, 2) + "/" + key.substr(8, 2) + "/");
  EXPECT_TRUE(key.ends_with(".webp"));
  EXPECT_TRUE(store.Exists(key));
  EXPECT_EQ(store.Read(key), bytes);
  EXPECT_EQ(store.PathOf(key), root_ / key);
  EXPECT_EQ(Files(), std::vector<std::string>{key});

  EXPECT_TRUE(store.Delete(key));
  EXPECT_FALSE(store.Exists(key));
  EXPECT_FALSE(store.Delete(key));
  EXPECT_EQ(store.Read(key), std::nullopt);
}

TEST_F(BlobStoreTest, KnownSha256) {
  EXPECT_EQ(BlobKeyFor("abc", "jpg"),
            "ba/78/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.jpg");
  EXPECT_EQ(BlobKeyFor("", "jpg"),
            "e3/b0/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.jpg");
}

TEST_F(BlobStoreTest, SameBytesSameKeyOneFile) {
  DiskBlobStore store(root_);
  const std::string a = store.Put("same", "jpg");
  const std::string b = store.Put("same", "jpg");
  EXPECT_EQ(a, b);
  EXPECT_NE(store.Put("same", "webp"), a);
  EXPECT_EQ(Files().size(), 2u);
}

TEST_F(BlobStoreTest, APartialFileUnderTheFinalNameIsReplaced) {
  DiskBlobStore store(root_);
  const std::string bytes(5000, 'q');
  const std::string key = BlobKeyFor(bytes, "jpg");
  fs::create_directories((root_ / key).parent_path());
  std::ofstream(root_ / key) << "short";  // e.g. copied in by hand, or an old bug
  EXPECT_EQ(store.Put(bytes, "jpg"), key);
  EXPECT_EQ(store.Read(key), bytes);
}

TEST_F(BlobStoreTest, KeysAreValidatedStrictly) {
  const std::string good = BlobKeyFor("x", "jpg");
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

TEST_F(BlobStoreTest, ConcurrentPutsOfTheSameBytes) {
  DiskBlobStore store(root_);
  std::string bytes(300000, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7 + i / 1000);
  std::vector<std::string> keys(8);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < keys.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round) keys[t] = store.Put(bytes, "jpg");
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& k : keys) EXPECT_EQ(k, keys[0]);
  EXPECT_EQ(store.Read(keys[0]), bytes);
  EXPECT_EQ(Files(), std::vector<std::string>{keys[0]});  // no temporary left behind
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
  EXPECT_FALSE(store.Exists(BlobKeyFor(std::string(100000, 'z'), "jpg")));
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
