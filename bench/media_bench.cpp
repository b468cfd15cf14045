// Processing time and peak memory of the upload pipeline for a 12-megapixel
// JPEG (4000x3000, noise over gradients so it compresses like a photo).
// Goal: p50 <= 400 ms on one core (run under `taskset -c 0`), <= 150 MB.
//
//   lenslet_media_bench [--runs N] [--file photo.jpg]
//
// Prints key=value lines. peak_rss_mb is the high-water mark of the processing
// runs alone (the kernel's VmHWM is reset after the test image is made);
// ru_maxrss_mb covers the whole process.
#include <sys/resource.h>
#include <vips/vips.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "media/image_processor.hpp"
#include "media/image_type.hpp"

namespace {

void Check(int rc, const char* what) {
  if (rc != 0) {
    std::cerr << what << ": " << vips_error_buffer() << "\n";
    std::exit(1);
  }
}

// Gradients per channel plus Gaussian noise: entropy close to a real photo's.
std::string MakeTestJpeg(int width, int height) {
  VipsImage* xy = nullptr;
  Check(vips_xyz(&xy, width, height, nullptr), "xyz");
  VipsImage *x = nullptr, *y = nullptr, *noise = nullptr;
  Check(vips_extract_band(xy, &x, 0, nullptr), "x");
  Check(vips_extract_band(xy, &y, 1, nullptr), "y");
  Check(vips_gaussnoise(&noise, width, height, "sigma", 12.0, "mean", 0.0, "seed", 7, nullptr), "noise");
  VipsImage *r = nullptr, *g = nullptr, *b = nullptr, *sum = nullptr;
  Check(vips_linear1(x, &r, 200.0 / width, 30.0, nullptr), "r");
  Check(vips_linear1(y, &g, 180.0 / height, 40.0, nullptr), "g");
  Check(vips_add(x, y, &sum, nullptr), "sum");
  Check(vips_linear1(sum, &b, 150.0 / (width + height), 60.0, nullptr), "b");
  VipsImage *rn = nullptr, *gn = nullptr, *bn = nullptr, *rgb = nullptr, *u8 = nullptr;
  Check(vips_add(r, noise, &rn, nullptr), "rn");
  Check(vips_add(g, noise, &gn, nullptr), "gn");
  Check(vips_add(b, noise, &bn, nullptr), "bn");
  VipsImage* bands[3] = {rn, gn, bn};
  Check(vips_bandjoin(bands, &rgb, 3, nullptr), "join");
  VipsImage* cast = nullptr;
  Check(vips_cast(rgb, &cast, VIPS_FORMAT_UCHAR, nullptr), "cast");
  Check(vips_copy(cast, &u8, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr), "copy");
  g_object_unref(cast);
  void* buffer = nullptr;
  size_t length = 0;
  Check(vips_jpegsave_buffer(u8, &buffer, &length, "Q", 90, nullptr), "jpegsave");
  std::string out(static_cast<const char*>(buffer), length);
  g_free(buffer);
  for (VipsImage* image : {xy, x, y, noise, r, g, b, sum, rn, gn, bn, rgb, u8}) g_object_unref(image);
  return out;
}

long VmHwmKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

void ResetPeakRss() {
  // "5" resets the peak resident set size (Linux >= 4.0); harmless elsewhere.
  std::ofstream("/proc/self/clear_refs") << "5";
}

double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 10;
  std::string file;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--runs" && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--file" && i + 1 < argc) {
      file = argv[++i];
    } else {
      std::cerr << "usage: lenslet_media_bench [--runs N] [--file photo.jpg]\n";
      return 2;
    }
  }
  using lenslet::media::ImageType;
  try {
    lenslet::media::InitializeImageProcessing();
    std::string input;
    if (file.empty()) {
      input = MakeTestJpeg(4000, 3000);
    } else {
      std::ifstream in(file, std::ios::binary);
      std::ostringstream buffer;
      buffer << in.rdbuf();
      input = buffer.str();
    }
    const ImageType type = lenslet::media::RequireImageType(input.substr(0, lenslet::media::kSniffBytes));
    const auto header = lenslet::media::ReadImageHeader(input, type);
    std::printf("input=%s\nsource_width=%d\nsource_height=%d\nsource_bytes=%zu\nruns=%d\n",
                file.empty() ? "generated" : file.c_str(), header.width, header.height, input.size(), runs);
    ResetPeakRss();

    std::vector<double> ms;
    std::size_t output_bytes = 0;
    std::size_t variants = 0;
    for (int i = 0; i < runs; ++i) {
      const auto start = std::chrono::steady_clock::now();
      const auto result = lenslet::media::ProcessImage(input, type);
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
      output_bytes = 0;
      for (const auto& v : result.variants) output_bytes += v.bytes.size();
      variants = result.variants.size();
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("variants=%zu\noutput_bytes=%zu\n", variants, output_bytes);
    std::printf("p50_ms=%.1f\np90_ms=%.1f\nmin_ms=%.1f\nmax_ms=%.1f\n", Percentile(ms, 0.5),
                Percentile(ms, 0.9), *std::min_element(ms.begin(), ms.end()),
                *std::max_element(ms.begin(), ms.end()));
    std::printf("peak_rss_mb=%.1f\nru_maxrss_mb=%.1f\n", static_cast<double>(VmHwmKb()) / 1024.0,
                static_cast<double>(usage.ru_maxrss) / 1024.0);
  } catch (const lenslet::core::Error& e) {
    std::cerr << "error: " << e.what() << " (" << e.internal() << ")\n";
    return 1;
  }
  return 0;
}
