#include "auth/qr_svg.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

namespace lenslet::auth {
namespace {

// The dark modules the path draws, as (x, y) in the SVG's coordinates.
std::set<std::pair<int, int>> DarkModules(const std::string& svg) {
  std::set<std::pair<int, int>> dark;
  const std::regex square("M(\\d+) (\\d+)h1v1h-1z");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), square); it != std::sregex_iterator(); ++it) {
    dark.emplace(std::stoi((*it)[1]), std::stoi((*it)[2]));
  }
  return dark;
}

TEST(QrSvg, DrawsAVersionSizedSymbolWithItsFinderPatternsInsideAQuietZone) {
  const std::string url =
      "otpauth://totp/Lenslet:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Lenslet&algorithm=SHA1&digits=6&"
      "period=30";
  const std::string svg = QrSvg(url);
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_TRUE(svg.ends_with("</svg>"));
  EXPECT_EQ(svg.find("otpauth"), std::string::npos) << "the input is only in the modules";
  EXPECT_EQ(svg.find("<script"), std::string::npos);

  std::smatch m;
  ASSERT_TRUE(std::regex_search(svg, m, std::regex("viewBox=\"0 0 (\\d+) (\\d+)\"")));
  const int size = std::stoi(m[1]);
  const int width = size - 8;
  EXPECT_EQ((width - 17) % 4, 0) << "QR symbols are 17 + 4·version modules wide";
  EXPECT_GE(width, 21);

  const auto dark = DarkModules(svg);
  // Top-left finder: a dark 7×7 ring, a light ring inside it, a dark 3×3 centre.
  for (int i = 0; i < 7; ++i) {
    EXPECT_TRUE(dark.count({4 + i, 4}) && dark.count({4, 4 + i}) && dark.count({10, 4 + i}) &&
                dark.count({4 + i, 10}));
  }
  EXPECT_FALSE(dark.count({5, 5}));
  EXPECT_TRUE(dark.count({7, 7}));
  // Top-right and bottom-left finders' corners.
  EXPECT_TRUE(dark.count({4 + width - 1, 4}));
  EXPECT_TRUE(dark.count({4, 4 + width - 1}));
  // Nothing in the quiet zone.
  for (const auto& [x, y] : dark) {
    EXPECT_TRUE(x >= 4 && y >= 4 && x < 4 + width && y < 4 + width) << x << "," << y;
  }
}

TEST(QrSvg, RefusesTextNoSymbolHolds) { EXPECT_THROW(QrSvg(std::string(5000, 'a')), std::runtime_error); }

}  // namespace
}  // namespace lenslet::auth
