#include "media/image_processor.hpp"

#include <gtest/gtest.h>
#include <vips/vips.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "core/worker_pool.hpp"
#include "media/image_type.hpp"

namespace lenslet::media {
namespace {

using core::ErrorCode;

std::string FixturePath(const std::string& name) { return std::string(LENSLET_FIXTURES_DIR) + "/" + name; }

std::string Fixture(const std::string& name) {
  std::ifstream in(FixturePath(name), std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct Unref {
  void operator()(VipsImage* image) const {
    if (image != nullptr) g_object_unref(image);
  }
};
using Image = std::unique_ptr<VipsImage, Unref>;

// Decodes an output rendition with the loader its MIME type names.
Image Decode(const Variant& v) {
  VipsImage* out = nullptr;
  void* data = const_cast<char*>(v.bytes.data());
  const int rc = v.mime_type == "image/webp" ? vips_webpload_buffer(data, v.bytes.size(), &out, nullptr)
                                             : vips_jpegload_buffer(data, v.bytes.size(), &out, nullptr);
  EXPECT_EQ(rc, 0) << vips_error_buffer();
  // Force a full decode: a rendition must be a complete image.
  if (out != nullptr) {
    double mean = 0;
    EXPECT_EQ(vips_avg(out, &mean, nullptr), 0);
  }
  return Image(out);
}

// The colour of one pixel of a decoded rendition.
std::vector<double> Pixel(VipsImage* image, int x, int y) {
  double* values = nullptr;
  int n = 0;
  EXPECT_EQ(vips_getpoint(image, &values, &n, x, y, nullptr), 0);
  std::vector<double> out(values, values + n);
  g_free(values);
  return out;
}

// Mean of one band over a horizontal strip.
double StripMean(VipsImage* image, int band, int top, int height) {
  VipsImage* area = nullptr;
  VipsImage* one = nullptr;
  EXPECT_EQ(vips_extract_area(image, &area, 0, top, vips_image_get_width(image), height, nullptr), 0);
  EXPECT_EQ(vips_extract_band(area, &one, band, nullptr), 0);
  double mean = 0;
  EXPECT_EQ(vips_avg(one, &mean, nullptr), 0);
  g_object_unref(one);
  g_object_unref(area);
  return mean;
}

std::string SaveJpeg(VipsImage* image, bool strip = true) {
  void* buffer = nullptr;
  size_t length = 0;
  EXPECT_EQ(vips_jpegsave_buffer(image, &buffer, &length, "Q", 90, "strip", strip, nullptr), 0)
      << vips_error_buffer();
  std::string out(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return out;
}

// A w x h sRGB gradient image (red follows x, green follows y).
Image Gradient(int w, int h) {
  VipsImage* xy = nullptr;
  VipsImage* three = nullptr;
  VipsImage* scaled = nullptr;
  VipsImage* u8 = nullptr;
  EXPECT_EQ(vips_xyz(&xy, w, h, nullptr), 0);
  EXPECT_EQ(vips_bandjoin_const1(xy, &three, 0.0, nullptr), 0);
  double a[3] = {255.0 / w, 255.0 / h, 0};
  double b[3] = {0, 0, 128};
  EXPECT_EQ(vips_linear(three, &scaled, a, b, 3, nullptr), 0);
  VipsImage* srgb = nullptr;
  EXPECT_EQ(vips_cast(scaled, &u8, VIPS_FORMAT_UCHAR, nullptr), 0);
  // Tagged sRGB, or colour operations would take the bands for something else.
  EXPECT_EQ(vips_copy(u8, &srgb, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr), 0);
  for (VipsImage* i : {xy, three, scaled, u8}) g_object_unref(i);
  return Image(srgb);
}

std::string GradientJpeg(int w, int h) {
  Image image = Gradient(w, h);
  return SaveJpeg(image.get());
}

ErrorCode CodeOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const core::Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "no error";
  return ErrorCode::kInternal;
}

// The whole path an upload takes: sniff, then process.
ProcessedImage Upload(const std::string& bytes, const ProcessOptions& options = {}) {
  const ImageType type = RequireImageType(std::string_view(bytes).substr(0, kSniffBytes));
  return ProcessImage(bytes, type, options);
}

class ImageProcessorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { InitializeImageProcessing(); }
};

struct Accepted {
  const char* file;
  ImageType type;
  int width;  // upright, after processing
  int height;
};

constexpr Accepted kAccepted[] = {
    {"plain.jpg", ImageType::kJpeg, 64, 48},    {"rotated_gps.jpg", ImageType::kJpeg, 48, 64},
    {"cmyk.jpg", ImageType::kJpeg, 64, 48},     {"alpha.png", ImageType::kPng, 64, 48},
    {"rgb16.png", ImageType::kPng, 64, 48},     {"plain.webp", ImageType::kWebp, 64, 48},
    {"image.heic", ImageType::kHeif, 64, 48},   {"image.avif", ImageType::kAvif, 64, 48},
    {"polyglot.jpg", ImageType::kJpeg, 64, 48},
};

TEST_F(ImageProcessorTest, EveryAcceptedFixtureBecomesSmallSrgbRenditions) {
  for (const auto& f : kAccepted) {
    SCOPED_TRACE(f.file);
    const ProcessedImage result = Upload(Fixture(f.file));
    EXPECT_EQ(result.source_type, f.type);
    EXPECT_EQ(result.width, f.width);
    EXPECT_EQ(result.height, f.height);
    EXPECT_TRUE(std::regex_match(result.average_colour, std::regex("#[0-9a-f]{6}"))) << result.average_colour;
    EXPECT_TRUE(
        std::regex_match(result.placeholder, std::regex(R"([0-9A-Za-z#$%*+,\-.:;=?@\[\]^_{|}~]{28})")))
        << result.placeholder;
    // Narrower than every standard width: one size, at the source width, in both formats.
    ASSERT_EQ(result.variants.size(), 2u);
    EXPECT_EQ(result.variants[0].mime_type, "image/webp");
    EXPECT_EQ(result.variants[1].mime_type, "image/jpeg");
    for (const Variant& v : result.variants) {
      EXPECT_EQ(v.width, f.width);
      EXPECT_EQ(v.height, f.height);
      Image decoded = Decode(v);
      ASSERT_TRUE(decoded);
      EXPECT_EQ(vips_image_get_width(decoded.get()), f.width);
      EXPECT_EQ(vips_image_get_height(decoded.get()), f.height);
      EXPECT_EQ(vips_image_get_format(decoded.get()), VIPS_FORMAT_UCHAR);
      EXPECT_EQ(vips_image_guess_interpretation(decoded.get()), VIPS_INTERPRETATION_sRGB);
      const int bands = vips_image_get_bands(decoded.get());
      EXPECT_TRUE(bands == 3 || (bands == 4 && v.mime_type == "image/webp")) << bands;
    }
  }
}

TEST_F(ImageProcessorTest, NoRenditionCarriesMetadata) {
  const std::string source = Fixture("rotated_gps.jpg");
  // The fixture really has what we strip.
  ASSERT_NE(source.find("Exif"), std::string::npos);
  ASSERT_NE(source.find("GPSLatitude"), std::string::npos);
  std::vector<std::string> inputs;
  for (const auto& f : kAccepted) inputs.push_back(Fixture(f.file));
  {
    // And a CMYK JPEG with its (large) ICC profile embedded.
    Image card = Gradient(64, 48);
    VipsImage* cmyk = nullptr;
    ASSERT_EQ(vips_icc_export(card.get(), &cmyk, "output_profile", "cmyk", nullptr), 0);
    inputs.push_back(SaveJpeg(cmyk, false));
    g_object_unref(cmyk);
    ASSERT_NE(inputs.back().find("ICC_PROFILE"), std::string::npos);
  }
  for (ProcessOptions options : {ProcessOptions{}, ProcessOptions{.mode = VariantMode::kAvatar}}) {
    for (const std::string& input : inputs) {
      for (const Variant& v : Upload(input, options).variants) {
        for (std::string_view marker : {"Exif", "EXIF", "GPS", "http://ns.adobe.com/xap", "x:xmpmeta", "XMP ",
                                        "ICC_PROFILE", "ICCP", "Photoshop", "PK\x03\x04", "Lenslet"}) {
          EXPECT_EQ(v.bytes.find(marker), std::string::npos) << marker << " in " << v.mime_type;
        }
        Image decoded = Decode(v);
        ASSERT_TRUE(decoded);
        for (const char* field :
             {VIPS_META_EXIF_NAME, VIPS_META_XMP_NAME, VIPS_META_ICC_NAME, VIPS_META_IPTC_NAME}) {
          EXPECT_EQ(vips_image_get_typeof(decoded.get(), field), 0u) << field;
        }
        EXPECT_LE(vips_image_get_orientation(decoded.get()), 1);
      }
    }
  }
}

TEST_F(ImageProcessorTest, RotatedPhotoIsTurnedUpright) {
  // Stored 64x48 with red rising left to right, EXIF orientation 6 (turn 90
  // degrees clockwise): upright it is 48x64 with red rising top to bottom.
  const ProcessedImage result = Upload(Fixture("rotated_gps.jpg"));
  Image decoded = Decode(result.variants[1]);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(vips_image_get_width(decoded.get()), 48);
  const double top = StripMean(decoded.get(), 0, 0, 4);
  const double bottom = StripMean(decoded.get(), 0, 60, 4);
  EXPECT_LT(top, 40);
  EXPECT_GT(bottom, 200);
}

TEST_F(ImageProcessorTest, CmykAndSixteenBitComeOutAsEightBitSrgb) {
  Image source;
  {
    const std::string png = Fixture("rgb16.png");
    VipsImage* raw = nullptr;
    ASSERT_EQ(vips_pngload_buffer(const_cast<char*>(png.data()), png.size(), &raw, nullptr), 0);
    source.reset(raw);
    EXPECT_EQ(vips_image_get_format(source.get()), VIPS_FORMAT_USHORT);
  }
  const ProcessedImage from16 = Upload(Fixture("rgb16.png"));
  const ProcessedImage plain = Upload(Fixture("plain.jpg"));
  const ProcessedImage cmyk = Upload(Fixture("cmyk.jpg"));
  // Same test card: the colours must agree roughly (CMYK round trips are lossy).
  auto rgb = [](const std::string& hex) {
    return std::vector<int>{std::stoi(hex.substr(1, 2), nullptr, 16),
                            std::stoi(hex.substr(3, 2), nullptr, 16),
                            std::stoi(hex.substr(5, 2), nullptr, 16)};
  };
  for (int c = 0; c < 3; ++c) {
    EXPECT_NEAR(rgb(from16.average_colour)[c], rgb(plain.average_colour)[c], 8) << from16.average_colour;
    EXPECT_NEAR(rgb(cmyk.average_colour)[c], rgb(plain.average_colour)[c], 40) << cmyk.average_colour;
  }
  for (const auto* r : {&from16, &cmyk}) {
    for (const Variant& v : r->variants) {
      Image d = Decode(v);
      EXPECT_EQ(vips_image_get_format(d.get()), VIPS_FORMAT_UCHAR);
      EXPECT_EQ(vips_image_get_bands(d.get()), 3);
    }
  }
}

TEST_F(ImageProcessorTest, CmykWithEmbeddedProfileUsesIt) {
  Image card = Gradient(64, 48);
  VipsImage* cmyk = nullptr;
  ASSERT_EQ(vips_icc_export(card.get(), &cmyk, "output_profile", "cmyk", nullptr), 0);
  const std::string jpeg = SaveJpeg(cmyk, false);
  g_object_unref(cmyk);
  const ProcessedImage result = Upload(jpeg);
  Image d = Decode(result.variants[1]);
  EXPECT_EQ(vips_image_get_bands(d.get()), 3);
  // Top-left of the gradient is (0, 0, 128): dark blue survives the round trip.
  const auto px = Pixel(d.get(), 1, 1);
  EXPECT_LT(px[0], 60);
  EXPECT_GT(px[2], 80);
}

TEST_F(ImageProcessorTest, AlphaIsKeptInWebpAndFlattenedOntoWhiteInJpeg) {
  const ProcessedImage result = Upload(Fixture("alpha.png"));
  Image webp = Decode(result.variants[0]);
  Image jpeg = Decode(result.variants[1]);
  ASSERT_EQ(vips_image_get_bands(webp.get()), 4);
  ASSERT_EQ(vips_image_get_bands(jpeg.get()), 3);
  // The fixture is transparent in x 16..47, y 12..35.
  EXPECT_LT(Pixel(webp.get(), 32, 24)[3], 10);
  EXPECT_GT(Pixel(webp.get(), 2, 2)[3], 245);
  for (double c : Pixel(jpeg.get(), 32, 24)) EXPECT_GT(c, 245);
}

TEST_F(ImageProcessorTest, RenditionWidthsNeverUpscale) {
  struct Case {
    int w, h;
    std::vector<std::pair<int, int>> sizes;
  };
  for (const Case& c : std::vector<Case>{
           {2000, 1500, {{1080, 810}, {640, 480}, {320, 240}}},
           {1080, 1350, {{1080, 1350}, {640, 800}, {320, 400}}},
           {800, 600, {{800, 600}, {640, 480}, {320, 240}}},
           {200, 100, {{200, 100}}},
           {3000, 150, {{1080, 54}, {640, 32}, {320, 16}}},
       }) {
    SCOPED_TRACE(std::to_string(c.w) + "x" + std::to_string(c.h));
    const ProcessedImage result = Upload(GradientJpeg(c.w, c.h));
    ASSERT_EQ(result.variants.size(), c.sizes.size() * 2);
    EXPECT_EQ(result.width, c.sizes[0].first);
    EXPECT_EQ(result.height, c.sizes[0].second);
    for (std::size_t i = 0; i < result.variants.size(); ++i) {
      const Variant& v = result.variants[i];
      EXPECT_EQ(v.mime_type, i % 2 == 0 ? "image/webp" : "image/jpeg");
      EXPECT_EQ(v.width, c.sizes[i / 2].first);
      EXPECT_EQ(v.height, c.sizes[i / 2].second);
      Image d = Decode(v);
      EXPECT_EQ(vips_image_get_width(d.get()), v.width);
      EXPECT_EQ(vips_image_get_height(d.get()), v.height);
    }
  }
}

std::string GradientPng(int w, int h) {
  Image image = Gradient(w, h);
  void* buffer = nullptr;
  size_t length = 0;
  EXPECT_EQ(vips_pngsave_buffer(image.get(), &buffer, &length, "compression", 1, nullptr), 0)
      << vips_error_buffer();
  std::string out(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return out;
}

// Issue 17.3: 1080x16384 used to give a 1080x16384 WebP, which libwebp refuses
// (16383 px a side): a 500. Every rendition now fits 8192 px on its long side.
TEST_F(ImageProcessorTest, TallImagesFitEveryEncoderLimit) {
  struct Case {
    int w, h;
    std::vector<std::pair<int, int>> sizes;
  };
  // The issue's PNG, then (cheaper to make and decode) JPEGs for the rest.
  for (const Case& c : std::vector<Case>{
           {1080, 16384, {{540, 8192}, {320, 4855}}},
           {410, 8200, {{410, 8192}, {320, 6394}}},  // exactly 20:1
           {2000, 9000, {{1080, 4860}, {640, 2880}, {320, 1440}}},
       }) {
    SCOPED_TRACE(std::to_string(c.w) + "x" + std::to_string(c.h));
    const ProcessedImage result = Upload(c.h == 16384 ? GradientPng(c.w, c.h) : GradientJpeg(c.w, c.h));
    ASSERT_EQ(result.variants.size(), c.sizes.size() * 2);
    EXPECT_EQ(result.width, c.sizes[0].first);
    EXPECT_EQ(result.height, c.sizes[0].second);
    for (std::size_t i = 0; i < result.variants.size(); ++i) {
      const Variant& v = result.variants[i];
      EXPECT_EQ(v.width, c.sizes[i / 2].first);
      EXPECT_EQ(v.height, c.sizes[i / 2].second);
      EXPECT_LE(std::max(v.width, v.height), kMaxRenditionSide);
      Image d = Decode(v);
      EXPECT_EQ(vips_image_get_height(d.get()), v.height);
    }
  }
}

// Beyond 20:1 either way the image is refused from its header (422 naming the
// shape), never a 500 from an encoder; avatars take any shape.
TEST_F(ImageProcessorTest, ImagesBeyondTwentyToOneAreRefusedAsPostsButMakeAvatars) {
  for (const auto& [w, h] : std::vector<std::pair<int, int>>{{100, 20000}, {600, 17000}, {8200, 409}}) {
    SCOPED_TRACE(std::to_string(w) + "x" + std::to_string(h));
    const std::string png = GradientPng(w, h);
    try {
      Upload(png);
      ADD_FAILURE() << "accepted";
    } catch (const core::Error& e) {
      EXPECT_EQ(e.http_status(), 422);
      EXPECT_NE(e.message().find("20:1"), std::string::npos) << e.message();
      EXPECT_NE(e.internal().find("aspect ratio"), std::string::npos) << e.internal();
    }
    ProcessOptions avatar;
    avatar.mode = VariantMode::kAvatar;
    const ProcessedImage square = Upload(png, avatar);
    EXPECT_EQ(square.width, square.height);
    EXPECT_EQ(square.width, std::min({w, h, 320}));
  }
}

TEST_F(ImageProcessorTest, LargeRotatedJpegUsesShrinkOnLoadAndTurnsUpright) {
  // 2000x1500 stored, orientation 6: upright 1500x2000, so 1080x1440 first.
  Image image = Gradient(2000, 1500);
  vips_image_set_int(image.get(), VIPS_META_ORIENTATION, 6);
  const std::string jpeg = SaveJpeg(image.get(), false);
  ASSERT_EQ(ReadImageHeader(jpeg, ImageType::kJpeg).orientation, 6);
  const ProcessedImage result = Upload(jpeg);
  EXPECT_EQ(result.width, 1080);
  EXPECT_EQ(result.height, 1440);
  ASSERT_EQ(result.variants.size(), 6u);
  EXPECT_EQ(result.variants[4].width, 320);
  EXPECT_EQ(result.variants[4].height, 427);
  EXPECT_EQ(result.placeholder[0], 'T');  // portrait: 3x4 components
  Image d = Decode(result.variants[1]);
  EXPECT_LT(StripMean(d.get(), 0, 0, 20), StripMean(d.get(), 0, 1420, 20));  // red now rises downwards
}

TEST_F(ImageProcessorTest, LargeWebpIsScaledWhileDecoding) {
  Image image = Gradient(2400, 1600);
  void* buffer = nullptr;
  size_t length = 0;
  ASSERT_EQ(vips_webpsave_buffer(image.get(), &buffer, &length, "Q", 80, nullptr), 0);
  const std::string webp(static_cast<const char*>(buffer), length);
  g_free(buffer);
  const ProcessedImage post = Upload(webp);
  EXPECT_EQ(post.width, 1080);
  EXPECT_EQ(post.height, 720);
  Image d = Decode(post.variants[1]);
  EXPECT_NEAR(Pixel(d.get(), 1079, 0)[0], 255, 12);  // the ramp still spans the whole width
  const ProcessedImage avatar = Upload(webp, ProcessOptions{.mode = VariantMode::kAvatar});
  EXPECT_EQ(avatar.width, 320);
  EXPECT_EQ(avatar.height, 320);
}

TEST_F(ImageProcessorTest, GreyscaleBecomesThreeBandSrgb) {
  Image rgb = Gradient(100, 80);
  VipsImage* grey = nullptr;
  ASSERT_EQ(vips_colourspace(rgb.get(), &grey, VIPS_INTERPRETATION_B_W, nullptr), 0);
  const std::string jpeg = SaveJpeg(grey);
  g_object_unref(grey);
  for (const Variant& v : Upload(jpeg).variants) {
    Image d = Decode(v);
    EXPECT_EQ(vips_image_get_bands(d.get()), 3);
  }
}

TEST_F(ImageProcessorTest, AvatarsAreCentreSquares) {
  ProcessOptions avatar;
  avatar.mode = VariantMode::kAvatar;
  const ProcessedImage big = Upload(GradientJpeg(2000, 1500), avatar);
  ASSERT_EQ(big.variants.size(), 4u);
  EXPECT_EQ(big.variants[0].width, 320);
  EXPECT_EQ(big.variants[0].height, 320);
  EXPECT_EQ(big.variants[2].width, 160);
  EXPECT_EQ(big.variants[3].height, 160);
  // Centre crop of a horizontal red ramp: the middle column is mid-red.
  Image d = Decode(big.variants[1]);
  EXPECT_NEAR(Pixel(d.get(), 160, 160)[0], 127, 12);
  EXPECT_NEAR(Pixel(d.get(), 0, 160)[0], 255.0 * 250 / 2000, 15);  // the crop starts at x = 250

  const ProcessedImage small = Upload(Fixture("rotated_gps.jpg"), avatar);
  ASSERT_EQ(small.variants.size(), 2u);
  EXPECT_EQ(small.width, 48);
  EXPECT_EQ(small.height, 48);
}

struct Rejected {
  const char* file;
  ErrorCode code;
};

TEST_F(ImageProcessorTest, HostileAndBrokenFilesAreRefusedWithTheRightCode) {
  for (const Rejected& r : {
           Rejected{"truncated.jpg", ErrorCode::kInvalidValue},
           Rejected{"huge_header.png", ErrorCode::kInvalidValue},
           Rejected{"empty.jpg", ErrorCode::kUnsupportedMediaType},
           Rejected{"photo.jpg", ErrorCode::kUnsupportedMediaType},
           Rejected{"image.svg", ErrorCode::kUnsupportedMediaType},
           Rejected{"doc.pdf", ErrorCode::kUnsupportedMediaType},
           Rejected{"anim.gif", ErrorCode::kUnsupportedMediaType},
           Rejected{"tiny.tiff", ErrorCode::kUnsupportedMediaType},
       }) {
    SCOPED_TRACE(r.file);
    const std::string bytes = Fixture(r.file);
    EXPECT_EQ(CodeOf([&] { Upload(bytes); }), r.code);
    EXPECT_EQ(CodeOf([&] { Upload(bytes, ProcessOptions{.mode = VariantMode::kAvatar}); }), r.code);
  }
}

TEST_F(ImageProcessorTest, HugeDeclaredSizeIsRefusedFromTheHeaderAlone) {
  const std::string png = Fixture("huge_header.png");
  const ImageHeader header = ReadImageHeader(png, ImageType::kPng);
  EXPECT_EQ(header.width, 20000);
  EXPECT_EQ(header.height, 20000);
  const auto start = std::chrono::steady_clock::now();
  try {
    ProcessImage(png, ImageType::kPng);
    ADD_FAILURE() << "accepted";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidValue);
    EXPECT_EQ(e.http_status(), 422);
    EXPECT_NE(e.internal().find("too large"), std::string::npos);
  }
  // Decoding 1.2 GB of pixels would take seconds; the header check takes microseconds.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
}

TEST_F(ImageProcessorTest, PixelLimitIsInclusive) {
  const std::string jpeg = GradientJpeg(100, 50);
  ProcessOptions exact;
  exact.max_pixels = 5000;
  EXPECT_EQ(ProcessImage(jpeg, ImageType::kJpeg, exact).width, 100);
  exact.max_pixels = 4999;
  EXPECT_EQ(CodeOf([&] { ProcessImage(jpeg, ImageType::kJpeg, exact); }), ErrorCode::kInvalidValue);
}

TEST_F(ImageProcessorTest, TheDeclaredTypeMustMatchTheBytes) {
  EXPECT_EQ(CodeOf([&] { ProcessImage(Fixture("alpha.png"), ImageType::kJpeg); }),
            ErrorCode::kUnsupportedMediaType);
  EXPECT_EQ(CodeOf([&] { ProcessImage(Fixture("image.svg"), ImageType::kPng); }),
            ErrorCode::kUnsupportedMediaType);
}

TEST_F(ImageProcessorTest, CorruptDataAfterAValidSignatureIs422) {
  // Scan data that libjpeg can only warn about may decode to noise: that is
  // acceptable (it is re-encoded), so either outcome passes as long as it is one
  // of the two and never a crash or a 500.
  std::string jpeg = GradientJpeg(300, 200);
  for (std::size_t i = jpeg.size() / 3; i < jpeg.size() - 2; i += 7) jpeg[i] = '\xFF';
  try {
    for (const Variant& v : ProcessImage(jpeg, ImageType::kJpeg).variants) EXPECT_TRUE(Decode(v));
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidValue);
  }
  EXPECT_EQ(CodeOf([&] { ProcessImage("\xFF\xD8\xFF\xE0garbage", ImageType::kJpeg); }),
            ErrorCode::kInvalidValue);
  EXPECT_EQ(CodeOf([&] { ProcessImage("\x89PNG\r\n\x1A\nIHDR", ImageType::kPng); }),
            ErrorCode::kInvalidValue);
  std::string heic = Fixture("image.heic");
  heic.resize(heic.size() / 2);
  EXPECT_EQ(CodeOf([&] { ProcessImage(heic, ImageType::kHeif); }), ErrorCode::kInvalidValue);
}

TEST_F(ImageProcessorTest, FileInputGivesTheSameResult) {
  const ProcessedImage from_file = ProcessImageFile(FixturePath("rotated_gps.jpg"), ImageType::kJpeg);
  const ProcessedImage from_memory = ProcessImage(Fixture("rotated_gps.jpg"), ImageType::kJpeg);
  ASSERT_EQ(from_file.variants.size(), from_memory.variants.size());
  for (std::size_t i = 0; i < from_file.variants.size(); ++i) {
    EXPECT_EQ(from_file.variants[i].bytes, from_memory.variants[i].bytes);
  }
  EXPECT_EQ(CodeOf([&] { ProcessImageFile(FixturePath("truncated.jpg"), ImageType::kJpeg); }),
            ErrorCode::kInvalidValue);
  EXPECT_EQ(CodeOf([&] { ProcessImageFile(FixturePath("doc.pdf"), ImageType::kJpeg); }),
            ErrorCode::kUnsupportedMediaType);
}

TEST_F(ImageProcessorTest, OnlyOurLoadersCanRunAtAll) {
  // Even libvips' own sniffing entry point cannot reach SVG, PDF, GIF or TIFF.
  for (const char* name : {"image.svg", "doc.pdf", "anim.gif", "tiny.tiff"}) {
    const std::string bytes = Fixture(name);
    VipsImage* out = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
    EXPECT_EQ(out, nullptr) << name;
    if (out != nullptr) g_object_unref(out);
    vips_error_clear();
  }
  const std::string jpeg = Fixture("plain.jpg");
  VipsImage* out = vips_image_new_from_buffer(jpeg.data(), jpeg.size(), "", nullptr);
  EXPECT_NE(out, nullptr);
  if (out != nullptr) g_object_unref(out);
}

TEST_F(ImageProcessorTest, ConcurrentProcessingOnThePool) {
  core::WorkerPool pool("image", 2, 16);
  boost::asio::io_context io;
  const std::string jpeg = GradientJpeg(1200, 900);
  int done = 0;
  for (int i = 0; i < 4; ++i) {
    boost::asio::co_spawn(io, ProcessImageAsync(pool, jpeg, ImageType::kJpeg),
                          [&](std::exception_ptr error, ProcessedImage result) {
                            EXPECT_FALSE(error);
                            EXPECT_EQ(result.width, 1080);
                            EXPECT_EQ(result.variants.size(), 6u);
                            ++done;
                          });
  }
  boost::asio::co_spawn(io, ProcessImageFileAsync(pool, FixturePath("truncated.jpg"), ImageType::kJpeg),
                        [&](std::exception_ptr error, ProcessedImage) {
                          ASSERT_TRUE(error);
                          try {
                            std::rethrow_exception(error);
                          } catch (const core::Error& e) {
                            EXPECT_EQ(e.code(), ErrorCode::kInvalidValue);
                          }
                          ++done;
                        });
  io.run();
  EXPECT_EQ(done, 5);
}

}  // namespace
}  // namespace lenslet::media
