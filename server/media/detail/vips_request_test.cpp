#include "media/detail/vips_request.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "core/log_context.hpp"
#include "media/image_processor.hpp"

namespace lenslet::media {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(LENSLET_FIXTURES_DIR) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// What the log formatters see for each line: its text, the request named on
// the writing thread, and that thread.
struct Line {
  std::string text;
  std::string request_id;
  std::thread::id thread;
};

class RecordingSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::vector<Line> Lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    lines_.push_back({std::string(msg.payload.data(), msg.payload.size()),
                      std::string(core::CurrentRequestId()), std::this_thread::get_id()});
  }
  void flush_() override {}

 private:
  std::vector<Line> lines_;
};

// libvips's lines (its g_log messages, routed by detail/vips_log.hpp).
std::vector<Line> VipsLines(const std::vector<Line>& lines) {
  std::vector<Line> out;
  for (const auto& line : lines) {
    if (line.text.starts_with("VIPS: ")) out.push_back(line);
  }
  return out;
}

class VipsRequestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitializeImageProcessing();
    previous_ = spdlog::default_logger();
    sink_ = std::make_shared<RecordingSink>();
    auto logger = std::make_shared<spdlog::logger>("vips-request-test", sink_);
    logger->set_level(spdlog::level::debug);
    spdlog::set_default_logger(logger);
  }
  void TearDown() override { spdlog::set_default_logger(previous_); }

  std::shared_ptr<spdlog::logger> previous_;
  std::shared_ptr<RecordingSink> sink_;
};

// The bytes of `jpeg` with two stray bytes before its scan (SOS) marker: what
// many phones' JPEGs look like to libjpeg ("Corrupt JPEG data: 2 extraneous
// bytes before marker 0xda"), a warning, and the picture is whole.
std::string WithExtraneousBytes(std::string jpeg) {
  std::size_t at = 2;  // after SOI
  while (at + 4 <= jpeg.size() && static_cast<unsigned char>(jpeg[at + 1]) != 0xda) {
    const auto length =
        (static_cast<unsigned char>(jpeg[at + 2]) << 8) | static_cast<unsigned char>(jpeg[at + 3]);
    at += 2 + static_cast<std::size_t>(length);
  }
  EXPECT_LT(at + 4, jpeg.size());
  jpeg.insert(at, std::string(2, '\0'));
  return jpeg;
}

TEST_F(VipsRequestTest, ABrokenUploadsLinesFromLibvipsThreadsNameItsRequest) {
  const std::string id = "req-broken-1";
  {
    const core::RequestIdScope named(&id);
    try {
      ProcessImage(Fixture("truncated.jpg"), ImageType::kJpeg);
      ADD_FAILURE() << "a truncated JPEG was accepted";
    } catch (const core::Error& e) {
      EXPECT_EQ(e.code(), core::ErrorCode::kInvalidValue);
    }
  }
  const auto lines = VipsLines(sink_->Lines());
  ASSERT_FALSE(lines.empty()) << "libvips logged nothing for a truncated JPEG";
  bool from_another_thread = false;
  for (const auto& line : lines) {
    EXPECT_EQ(line.request_id, id) << line.text;
    from_another_thread = from_another_thread || line.thread != std::this_thread::get_id();
  }
  // What this pins: libvips decodes (and complains) on its own worker threads.
  EXPECT_TRUE(from_another_thread);
}

TEST_F(VipsRequestTest, ASlightlyBrokenJpegStillLoadsAndItsWarningNamesTheRequest) {
  const std::string id = "req-phone-1";
  ProcessedImage processed;
  {
    const core::RequestIdScope named(&id);
    EXPECT_NO_THROW(processed = ProcessImage(WithExtraneousBytes(Fixture("plain.jpg")), ImageType::kJpeg));
  }
  EXPECT_FALSE(processed.variants.empty());
  const auto lines = VipsLines(sink_->Lines());
  ASSERT_FALSE(lines.empty()) << "no warning from libvips for stray bytes";
  for (const auto& line : lines) EXPECT_EQ(line.request_id, id) << line.text;
}

TEST_F(VipsRequestTest, OutsideARequestTheImageIsReturnedAsIs) {
  VipsImage* black = nullptr;
  ASSERT_EQ(vips_black(&black, 8, 8, nullptr), 0);
  VipsImage* same = detail::NameRequest(black);
  EXPECT_EQ(same, black);
  g_object_unref(same);
  g_object_unref(black);
}

TEST_F(VipsRequestTest, TheNamedImageHasTheSamePixels) {
  VipsImage* grey = nullptr;
  ASSERT_EQ(vips_gaussnoise(&grey, 64, 48, "mean", 100.0, "sigma", 30.0, nullptr), 0);
  VipsImage* fixed = vips_image_copy_memory(grey);
  ASSERT_NE(fixed, nullptr);
  const std::string id = "req-pixels";
  const core::RequestIdScope named(&id);
  VipsImage* through = detail::NameRequest(fixed);
  ASSERT_NE(through, nullptr);
  ASSERT_NE(through, fixed);
  EXPECT_EQ(vips_image_get_width(through), 64);
  EXPECT_EQ(vips_image_get_height(through), 48);
  double a = 0;
  double b = 0;
  double equal = 0;
  VipsImage* same = nullptr;
  ASSERT_EQ(vips_avg(fixed, &a, nullptr), 0);
  ASSERT_EQ(vips_avg(through, &b, nullptr), 0);
  EXPECT_DOUBLE_EQ(a, b);
  ASSERT_EQ(vips_equal(fixed, through, &same, nullptr), 0);
  ASSERT_EQ(vips_min(same, &equal, nullptr), 0);
  EXPECT_EQ(equal, 255.0);  // every pixel equal
  g_object_unref(same);
  g_object_unref(through);
  g_object_unref(fixed);
  g_object_unref(grey);
}

}  // namespace
}  // namespace lenslet::media
