#include "http/upload.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include "core/error.hpp"

namespace lenslet::http {
namespace {

namespace fs = std::filesystem;

class UploadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lenslet-upload-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  UploadOptions Options() { return {.limits = {}, .spool_dir = dir_}; }
  std::size_t SpoolFiles() {
    if (!fs::exists(dir_)) return 0;
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()));
  }
  fs::path dir_;
};

constexpr std::string_view kType = "multipart/form-data; boundary=XyZ";

std::string Body() {
  return "--XyZ\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nhello #sun\r\n"
         "--XyZ\r\nContent-Disposition: form-data; name=\"images\"; filename=\"a.jpg\"\r\n"
         "Content-Type: image/jpeg\r\n\r\n\xff\xd8\xff-first\r\n"
         "--XyZ\r\nContent-Disposition: form-data; name=\"images\"; filename=\"b.jpg\"\r\n\r\nsecond\r\n"
         "--XyZ--\r\n";
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST_F(UploadTest, SpoolsFilesKeepsFieldsAndDeletesFilesWithTheForm) {
  {
    UploadedForm form(Options(), kType, 1 << 20);
    const auto body = Body();
    for (char c : body) form.Feed(std::string_view(&c, 1));  // byte by byte
    form.Finish();
    EXPECT_EQ(form.Field("caption"), "hello #sun");
    const auto images = form.Files("images");
    ASSERT_EQ(images.size(), 2u);
    EXPECT_EQ(ReadAll(images[0]->path), "\xff\xd8\xff-first");
    EXPECT_EQ(images[0]->size, 9u);
    EXPECT_EQ(images[0]->declared_type, "image/jpeg");
    EXPECT_EQ(ReadAll(images[1]->path), "second");
    EXPECT_EQ(SpoolFiles(), 2u);
  }
  EXPECT_EQ(SpoolFiles(), 0u);
}

TEST_F(UploadTest, RefusesWhatIsNotAForm) {
  try {
    UploadedForm form(Options(), "application/json", 100);
    FAIL();
  } catch (const core::Error& e) {
    EXPECT_EQ(e.http_status(), 415);
  }
  try {
    UploadedForm form(Options(), "multipart/form-data", 100);
    FAIL();
  } catch (const core::Error& e) {
    EXPECT_EQ(e.http_status(), 400);
  }
}

TEST_F(UploadTest, LimitsAndMalformedBodiesLeaveNoFile) {
  {
    auto options = Options();
    options.limits.max_file_bytes = 4;
    UploadedForm form(options, kType, 1 << 20);
    try {
      form.Feed(Body());
      FAIL();
    } catch (const core::Error& e) {
      EXPECT_EQ(e.http_status(), 413);
    }
  }
  EXPECT_EQ(SpoolFiles(), 0u);
  {
    UploadedForm form(Options(), kType, 1 << 20);
    const auto body = Body();
    form.Feed(std::string_view(body).substr(0, body.size() / 2 + 20));
    EXPECT_THROW(form.Finish(), core::Error);
  }
  EXPECT_EQ(SpoolFiles(), 0u);
}

// Issue 17.6: a full spool disk was a 500. It is 507, and the partial file goes
// with the form. Needs root (mount); CI runs as root.
TEST_F(UploadTest, AFullDiskIs507AndLeavesNoFile) {
  fs::create_directories(dir_);
  if (std::system(("mount -t tmpfs -o size=64k tmpfs " + dir_.string() + " 2>/dev/null").c_str()) != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here (not root?)";
  }
  int status = 0;
  std::size_t left = 99;
  {
    UploadedForm form(Options(), kType, 1 << 20);
    const std::string head =
        "--XyZ\r\nContent-Disposition: form-data; name=\"images\"; filename=\"a.jpg\"\r\n\r\n";
    try {
      form.Feed(head + std::string(200 * 1024, 'x'));
    } catch (const core::Error& e) {
      status = e.http_status();
    }
  }
  left = SpoolFiles();
  std::system(("umount " + dir_.string()).c_str());
  EXPECT_EQ(status, 507);
  EXPECT_EQ(left, 0u);
}

}  // namespace
}  // namespace lenslet::http
