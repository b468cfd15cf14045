// Reading untrusted ZIP archives (issue 14.8): limits before bytes.
#include "imports/zip_archive.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <fstream>

#include "imports/refusal.hpp"

namespace lenslet::imports {
namespace {

namespace fs = std::filesystem;

class ZipArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lenslet-zip-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes a ZIP of (name, bytes) entries with libzip.
  fs::path Zip(const std::vector<std::pair<std::string, std::string>>& entries) {
    const auto path = dir_ / "a.zip";
    int error = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    EXPECT_NE(z, nullptr);
    for (const auto& [name, bytes] : entries) {
      auto* copy = new std::string(bytes);
      zip_source_t* source = zip_source_buffer(z, copy->data(), copy->size(), 0);
      zip_file_add(z, name.c_str(), source, ZIP_FL_OVERWRITE);
      kept_.emplace_back(copy);
    }
    EXPECT_EQ(zip_close(z), 0);
    return path;
  }

  static std::string ReasonOf(const std::function<void()>& f) {
    try {
      f();
    } catch (const Refusal& refusal) {
      return refusal.reason();
    }
    return "accepted";
  }

  fs::path dir_;
  std::vector<std::unique_ptr<std::string>> kept_;
};

TEST_F(ZipArchiveTest, ReadsAndExtractsEntriesByName) {
  const ZipArchive archive(Zip({{"content/posts_1.json", "[]"}, {"media/1.jpg", std::string(5000, 'x')}}));
  EXPECT_EQ(archive.names().size(), 2u);
  EXPECT_EQ(DeclaredEntryCount(dir_ / "a.zip"), 2u);
  EXPECT_EQ(archive.Read(*archive.Find("content/posts_1.json"), 100), "[]");
  archive.Extract(*archive.Find("media/1.jpg"), dir_ / "out", 10'000);
  EXPECT_EQ(fs::file_size(dir_ / "out"), 5000u);
  EXPECT_FALSE(archive.Find("../media/1.jpg"));
}

TEST_F(ZipArchiveTest, RefusesWhatIsNoZip) {
  std::ofstream(dir_ / "not.zip") << "just some text, no central directory";
  EXPECT_EQ(ReasonOf([&] { ZipArchive archive(dir_ / "not.zip"); }), "not_a_zip");
  EXPECT_EQ(ReasonOf([&] { ZipArchive archive(dir_ / "missing.zip"); }), "not_a_zip");
}

TEST_F(ZipArchiveTest, RefusesEntriesOverTheLimitOrThatExpandLikeABomb) {
  // 8 MB of zeros deflate to a few KB: a ratio far above 100.
  const ZipArchive archive(Zip({{"zeros.bin", std::string(8u << 20, '\0')}, {"small", "abc"}}),
                           {.max_entries = 10, .max_ratio = 10'000});
  EXPECT_EQ(ReasonOf([&] { archive.Read(*archive.Find("small"), 2); }), "too_large");
  EXPECT_EQ(archive.Read(*archive.Find("small"), 3), "abc");
  const ZipArchive strict(dir_ / "a.zip", {.max_entries = 10, .max_ratio = 100});
  EXPECT_EQ(ReasonOf([&] { strict.Read(*strict.Find("zeros.bin"), 64u << 20); }), "zip_bomb");
}

TEST_F(ZipArchiveTest, RefusesArchivesThatDeclareFarMoreThanTheyHold) {
  Zip({{"a", std::string(32u << 20, '\0')}, {"b", std::string(32u << 20, '\0')}});
  EXPECT_EQ(ReasonOf([&] { ZipArchive archive(dir_ / "a.zip", {.max_entries = 10, .max_ratio = 10}); }),
            "zip_bomb");
}

TEST_F(ZipArchiveTest, RefusesTooManyEntriesBeforeReadingThem) {
  Zip({{"a", "1"}, {"b", "2"}, {"c", "3"}});
  EXPECT_EQ(ReasonOf([&] { ZipArchive archive(dir_ / "a.zip", {.max_entries = 2}); }), "too_many_entries");
}

TEST_F(ZipArchiveTest, RefusesAnEntryWhoseBytesDoNotMatchItsRecord) {
  const auto path = Zip({{"a.txt", std::string(1000, 'a')}});
  // Flip a byte of the compressed data: the CRC (or inflate) fails.
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(30 + 5 + 2);
  f.put('\x55');
  f.close();
  std::string reason;
  try {
    const ZipArchive archive(path);
    reason = ReasonOf([&] { archive.Read(0, 10'000); });
  } catch (const Refusal& refusal) {
    reason = refusal.reason();
  }
  EXPECT_TRUE(reason == "damaged" || reason == "not_a_zip") << reason;
}

}  // namespace
}  // namespace lenslet::imports
