#include "http/spool_directory.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>

namespace lenslet::http {
namespace {

namespace fs = std::filesystem;

class SpoolDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("lenslet-spool-test-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}()));
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  static void Touch(const fs::path& p, std::chrono::hours age = std::chrono::hours(0)) {
    std::ofstream(p) << "spooled bytes";
    fs::last_write_time(p, fs::file_time_type::clock::now() - age);
  }

  fs::path root_;
};

// Issue 17.6: spool files a crash left were removed only when older than an
// hour, from one folder shared by every instance. A folder whose lock nobody
// holds is garbage at any age; a live instance's folder is never touched.
TEST_F(SpoolDirectoryTest, ACrashedInstancesFolderGoesAtOnceWhateverItsAge) {
  // A process that spools a file and dies without cleaning up (kill -9).
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto* crashed = new SpoolDirectory(root_);  // never destroyed: the process just ends
    std::ofstream(crashed->path() / "upload-1.part") << "half an upload";
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  std::size_t left = 0;
  for (const auto& e : fs::recursive_directory_iterator(root_)) left += e.is_regular_file() ? 1 : 0;
  ASSERT_EQ(left, 2u);  // its lock file and its young spool file

  SpoolDirectory next(root_);
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(root_)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  const std::string own = next.path().filename().string();
  EXPECT_EQ(names, (std::vector<std::string>{own, own + ".lock"}));
}

TEST_F(SpoolDirectoryTest, LiveSiblingsKeepTheirFilesAndTheirOwnGoesOnShutdown) {
  auto first = std::make_unique<SpoolDirectory>(root_);
  Touch(first->path() / "in-flight.part", std::chrono::hours(5));  // old, but its upload is running
  SpoolDirectory second(root_);
  EXPECT_NE(first->path(), second.path());
  EXPECT_EQ(second.Sweep(), 0u);
  EXPECT_TRUE(fs::exists(first->path() / "in-flight.part"));
  const fs::path first_path = first->path();
  first.reset();  // a clean shutdown leaves nothing
  EXPECT_FALSE(fs::exists(first_path));
  EXPECT_FALSE(fs::exists(first_path.string() + ".lock"));
  EXPECT_TRUE(fs::exists(second.path()));
}

TEST_F(SpoolDirectoryTest, LockLessFoldersGoLegacyLooseFilesOnlyOnceOld) {
  fs::create_directories(root_ / "instance-halfswept");  // a sweeper died between its two steps
  Touch(root_ / "instance-halfswept" / "x.part");
  Touch(root_ / "upload-old.part", std::chrono::hours(2));  // a version before per-instance folders
  Touch(root_ / "upload-young.part");                     // ... that may still be running
  fs::create_directories(root_ / "unrelated");
  SpoolDirectory spool(root_);
  EXPECT_FALSE(fs::exists(root_ / "instance-halfswept"));
  EXPECT_FALSE(fs::exists(root_ / "upload-old.part"));
  EXPECT_TRUE(fs::exists(root_ / "upload-young.part"));
  EXPECT_TRUE(fs::exists(root_ / "unrelated"));
}

TEST_F(SpoolDirectoryTest, AnUncreatableRootIsAClearError) {
  Touch(root_ / "file");
  try {
    SpoolDirectory spool(root_ / "file" / "tmp");
    ADD_FAILURE() << "created";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("spool"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace lenslet::http
