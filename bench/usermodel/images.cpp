#include "images.hpp"

#include <vips/vips.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace lenslet::bench::usermodel {
namespace {

// Owns a VipsImage reference.
struct Image {
  VipsImage* p = nullptr;
  Image() = default;
  Image(const Image&) = delete;
  Image& operator=(const Image&) = delete;
  ~Image() {
    if (p) g_object_unref(p);
  }
};

void Check(int failed, const char* what) {
  if (failed) {
    std::string message = std::string(what) + ": " + vips_error_buffer();
    vips_error_clear();
    throw std::runtime_error(message);
  }
}

std::string MakeOne(int width, int height, unsigned seed) {
  // Colour blobs: coarse noise per band, enlarged smoothly.
  constexpr int kCoarse = 48;
  Image bands[3];
  for (int b = 0; b < 3; ++b) {
    Check(vips_gaussnoise(&bands[b].p, width / kCoarse + 2, height / kCoarse + 2, "sigma", 55.0, "mean",
                          110.0 + 20.0 * b, "seed", static_cast<int>(seed * 3 + b), nullptr),
          "vips_gaussnoise");
  }
  VipsImage* in[3] = {bands[0].p, bands[1].p, bands[2].p};
  Image coarse, smooth, grain, grainy, pixels, cropped;
  Check(vips_bandjoin(in, &coarse.p, 3, nullptr), "vips_bandjoin");
  Check(vips_resize(coarse.p, &smooth.p, kCoarse, "kernel", VIPS_KERNEL_CUBIC, nullptr), "vips_resize");
  // Grain at full resolution: what makes a phone JPEG megabytes, not kilobytes.
  Check(vips_gaussnoise(&grain.p, smooth.p->Xsize, smooth.p->Ysize, "sigma", 7.0, "mean", 0.0, "seed",
                        static_cast<int>(seed * 7 + 1), nullptr),
        "vips_gaussnoise");
  Check(vips_add(smooth.p, grain.p, &grainy.p, nullptr), "vips_add");
  Check(vips_cast_uchar(grainy.p, &pixels.p, nullptr), "vips_cast_uchar");
  Check(vips_crop(pixels.p, &cropped.p, 0, 0, width, height, nullptr), "vips_crop");
  cropped.p->Type = VIPS_INTERPRETATION_sRGB;
  void* buffer = nullptr;
  std::size_t length = 0;
  Check(vips_jpegsave_buffer(cropped.p, &buffer, &length, "Q", 85, nullptr), "vips_jpegsave_buffer");
  std::string out(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return out;
}

}  // namespace

std::vector<std::string> MakeUploadImages(std::size_t count, int width, int height, unsigned seed,
                                          const std::string& cache_dir) {
  std::vector<std::string> images;
  bool vips_ready = false;
  for (std::size_t i = 0; i < count; ++i) {
    const auto image_seed = seed + static_cast<unsigned>(i);
    std::filesystem::path cached;
    if (!cache_dir.empty()) {
      cached = std::filesystem::path(cache_dir) /
               ("upload-" + std::to_string(width) + "x" + std::to_string(height) + "-" +
                std::to_string(image_seed) + ".jpg");
      std::ifstream in(cached, std::ios::binary);
      if (in) {
        images.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (!images.back().empty()) continue;
        images.pop_back();
      }
    }
    if (!vips_ready) {
      if (VIPS_INIT("lenslet_usermodel_load")) throw std::runtime_error("vips_init failed");
      vips_ready = true;
    }
    images.push_back(MakeOne(width, height, image_seed));
    if (!cached.empty()) {
      std::filesystem::create_directories(cached.parent_path());
      const auto partial = cached.string() + ".part";
      std::ofstream(partial, std::ios::binary) << images.back();
      std::filesystem::rename(partial, cached);  // whole files only, should two runs race
    }
  }
  return images;
}

}  // namespace lenslet::bench::usermodel
