#include "http/detail/static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "http/detail/gzip.hpp"

namespace lenslet::http::detail {
namespace {

namespace fs = std::filesystem;

std::string HeaderOf(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("lenslet_static_" + std::to_string(std::random_device{}()));
    fs::create_directories(root_ / "assets");
    Write("index.html", "<!doctype html><div id=root></div>");
    Write("assets/app-1a2b.js", std::string(3000, 'a'));
    Write("assets/app-1a2b.css", "body{}");
    Write("assets/app-1a2b.css.br", "BROTLI");
    Write("assets/app-1a2b.css.gz", "GZIP");
    Write("favicon.ico", "ICO");
    fs::create_directories(root_.parent_path() / (root_.filename().string() + "_secret"));
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(const std::string& relative, const std::string& content) {
    std::ofstream(root_ / relative, std::ios::binary) << content;
  }
  fs::path root_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypeAndCaching) {
  StaticFiles files(root_.string());
  ASSERT_TRUE(files.enabled());
  auto index = files.Serve("/", "");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(HeaderOf(*index, "Cache-Control"), "no-cache");
  auto icon = files.Serve("/favicon.ico", "");
  ASSERT_TRUE(icon);
  EXPECT_EQ(icon->body, "ICO");
  EXPECT_EQ(icon->content_type, "image/x-icon");
  auto js = files.Serve("/assets/app-1a2b.js", "");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->content_type, "application/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(*js, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(js->body, std::string(3000, 'a'));
  EXPECT_EQ(HeaderOf(*js, "Vary"), "Accept-Encoding");
}

TEST_F(StaticFilesTest, ClientRoutesFallBackToIndex) {
  StaticFiles files(root_.string());
  auto route = files.Serve("/u/alice", "");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->body, "<!doctype html><div id=root></div>");
  EXPECT_FALSE(files.Serve("/assets/missing.js", ""));
}

TEST_F(StaticFilesTest, PageLoadsOfDottedRoutesFallBackToIndexButMissingFilesDoNot) {
  StaticFiles files(root_.string());
  auto profile = files.Serve("/u/john.doe", "", /*navigation=*/true);
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->body, "<!doctype html><div id=root></div>");
  EXPECT_TRUE(files.Serve("/john.doe", "", /*navigation=*/true));
  // A script, image or probe that is not there: 404, never HTML in its place.
  EXPECT_FALSE(files.Serve("/u/john.doe", ""));
  EXPECT_FALSE(files.Serve("/robots.txt", ""));
  EXPECT_FALSE(files.Serve("/assets/missing.js", "", /*navigation=*/true));
  EXPECT_FALSE(files.Serve("/assets/sub/page", "", /*navigation=*/true));
}

TEST_F(StaticFilesTest, PrecompressedSiblings) {
  StaticFiles files(root_.string());
  auto br = files.Serve("/assets/app-1a2b.css", "gzip, br");
  ASSERT_TRUE(br);
  EXPECT_EQ(br->body, "BROTLI");
  EXPECT_EQ(HeaderOf(*br, "Content-Encoding"), "br");
  EXPECT_EQ(br->content_type, "text/css; charset=utf-8");
  auto gz = files.Serve("/assets/app-1a2b.css", "gzip");
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->body, "GZIP");
  auto plain = files.Serve("/assets/app-1a2b.css", "");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->body, "body{}");
  EXPECT_EQ(HeaderOf(*plain, "Vary"), "Accept-Encoding");
}

TEST_F(StaticFilesTest, GzipsLargeTextOnTheFly) {
  StaticFiles files(root_.string());
  auto js = files.Serve("/assets/app-1a2b.js", "gzip");
  ASSERT_TRUE(js);
  EXPECT_EQ(HeaderOf(*js, "Content-Encoding"), "gzip");
  EXPECT_EQ(GzipDecompress(js->body), std::string(3000, 'a'));
}

TEST_F(StaticFilesTest, TraversalIsRefused) {
  StaticFiles files(root_.string());
  EXPECT_FALSE(files.Serve("/../" + root_.filename().string() + "_secret", ""));
  EXPECT_FALSE(files.Serve("/assets/../index.html", ""));
  EXPECT_FALSE(files.Serve("/assets%2fapp-1a2b.js", ""));
  EXPECT_FALSE(files.Serve("/%2e%2e/etc/passwd", ""));
  EXPECT_FALSE(files.Serve("/assets\\app-1a2b.js", ""));
  EXPECT_EQ(StaticFiles::SafeRelativePath("/a/./b"), std::nullopt);
  EXPECT_EQ(StaticFiles::SafeRelativePath("/a/b%20c"), "a/b c");
}

TEST(StaticFilesDisabled, EmptyOrMissingRoot) {
  EXPECT_FALSE(StaticFiles("").enabled());
  EXPECT_FALSE(StaticFiles("/nonexistent/lenslet/web").Serve("/", ""));
}

}  // namespace
}  // namespace lenslet::http::detail
