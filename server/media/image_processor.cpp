#include "media/image_processor.hpp"

#include <vips/vips.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <utility>

#include "core/error.hpp"
#include "media/detail/blurhash.hpp"
#include "media/detail/vips_log.hpp"
#include "media/detail/vips_request.hpp"
#include "media/detail/webp_container.hpp"

namespace lenslet::media {
namespace {

using core::Error;
using core::ErrorCode;

struct GObjectUnref {
  void operator()(void* object) const {
    if (object != nullptr) g_object_unref(object);
  }
};
using ImagePtr = std::unique_ptr<VipsImage, GObjectUnref>;
using SourcePtr = std::unique_ptr<VipsSource, GObjectUnref>;

// libvips keeps one error buffer per process: take its text and clear it.
std::string TakeVipsError() {
  char* text = vips_error_buffer_copy();
  std::string out = text != nullptr ? text : "";
  g_free(text);
  return out;
}

[[noreturn]] void ThrowUndecodable(std::string_view what) {
  throw Error(ErrorCode::kInvalidValue, "The image could not be read", "image",
              std::string(what) + ": " + TakeVipsError());
}

[[noreturn]] void ThrowInternal(std::string_view what) {
  throw Error(ErrorCode::kInternal, "Internal error", {}, std::string(what) + ": " + TakeVipsError());
}

// Runs a libvips operation writing one image; on failure throws with `fail`.
template <typename Op>
ImagePtr Run(Op op, void (*fail)(std::string_view), std::string_view what) {
  VipsImage* out = nullptr;
  if (op(&out) != 0) {
    if (out != nullptr) g_object_unref(out);
    fail(what);
  }
  return ImagePtr(out);
}

void FailUndecodable(std::string_view what) { ThrowUndecodable(what); }
void FailInternal(std::string_view what) { ThrowInternal(what); }

// Makes a fresh source for each load: the header is read once on its own,
// then again with a shrink factor.
using SourceFactory = std::function<SourcePtr()>;

// WARNING: the one loader for the sniffed type, never vips_image_new_from_*
// (which would pick any loader that claims the bytes, SVG and PDF included).
ImagePtr Load(const SourceFactory& make_source, ImageType type, int jpeg_shrink = 1,
              double webp_scale = 1.0) {
  SourcePtr source = make_source();
  if (!source) ThrowUndecodable("source");
  VipsSource* s = source.get();
  // Sequential: pixels stream top to bottom through the pipeline and are never
  // all in memory. fail_on=truncated: a cut-off upload is an error, not a grey
  // half image.
  const auto access = VIPS_ACCESS_SEQUENTIAL;
  const auto fail_on = VIPS_FAIL_ON_TRUNCATED;
  return Run(
      [&](VipsImage** out) {
        switch (type) {
          case ImageType::kJpeg:
            return vips_jpegload_source(s, out, "access", access, "fail_on", fail_on, "shrink", jpeg_shrink,
                                        nullptr);
          case ImageType::kPng:
            return vips_pngload_source(s, out, "access", access, "fail_on", fail_on, nullptr);
          case ImageType::kWebp:
            return vips_webpload_source(s, out, "access", access, "fail_on", fail_on, "scale", webp_scale,
                                        nullptr);
          case ImageType::kHeif:
          case ImageType::kAvif:
            return vips_heifload_source(s, out, "access", access, "fail_on", fail_on, nullptr);
        }
        return -1;
      },
      FailUndecodable, "load");
}

ImageHeader HeaderOf(VipsImage* image) {
  ImageHeader header;
  header.width = vips_image_get_width(image);
  header.height = vips_image_get_height(image);
  header.orientation = std::clamp(vips_image_get_orientation(image), 1, 8);
  return header;
}

void CheckPixels(const ImageHeader& header, std::uint64_t max_pixels) {
  if (header.width <= 0 || header.height <= 0) {
    throw Error(ErrorCode::kInvalidValue, "The image could not be read", "image", "zero dimension");
  }
  const auto pixels = static_cast<std::uint64_t>(header.width) * static_cast<std::uint64_t>(header.height);
  if (pixels > max_pixels) {
    throw Error(ErrorCode::kInvalidValue, "The image is too large (more than 100 megapixels)", "image",
                "image too large: " + std::to_string(header.width) + "x" + std::to_string(header.height));
  }
}

// Checked from the header, before decoding: a post image beyond the shape
// limit would render as a sliver (see image_processor.hpp).
void CheckAspectRatio(const ImageHeader& header, int max_ratio) {
  const auto long_side = static_cast<std::uint64_t>(std::max(header.width, header.height));
  const auto short_side = static_cast<std::uint64_t>(std::min(header.width, header.height));
  if (long_side > short_side * static_cast<std::uint64_t>(max_ratio)) {
    throw Error(ErrorCode::kInvalidValue,
                "The image is too long and narrow to show (at most " + std::to_string(max_ratio) +
                    ":1 either way)",
                "image",
                "aspect ratio: " + std::to_string(header.width) + "x" + std::to_string(header.height));
  }
}

// Resizes to exactly width x height. Alpha is premultiplied around the resize
// so transparent pixels do not bleed their (invisible) colour into edges.
ImagePtr ResizeTo(ImagePtr image, int width, int height) {
  const int w = vips_image_get_width(image.get());
  const int h = vips_image_get_height(image.get());
  if (w == width && h == height) return image;
  const double hscale = static_cast<double>(width) / w;
  const double vscale = static_cast<double>(height) / h;
  const bool alpha = vips_image_hasalpha(image.get()) != 0;
  const VipsBandFormat format = vips_image_get_format(image.get());
  ImagePtr in = std::move(image);
  if (alpha)
    in = Run([&](VipsImage** out) { return vips_premultiply(in.get(), out, nullptr); }, FailUndecodable,
             "premultiply");
  ImagePtr resized =
      Run([&](VipsImage** out) { return vips_resize(in.get(), out, hscale, "vscale", vscale, nullptr); },
          FailUndecodable, "resize");
  if (alpha) {
    resized = Run([&](VipsImage** out) { return vips_unpremultiply(resized.get(), out, nullptr); },
                  FailUndecodable, "unpremultiply");
    resized = Run([&](VipsImage** out) { return vips_cast(resized.get(), out, format, nullptr); },
                  FailUndecodable, "cast");
  }
  // Rounding inside vips_resize can leave one pixel extra: trim it.
  const int rw = vips_image_get_width(resized.get());
  const int rh = vips_image_get_height(resized.get());
  if (rw > width || rh > height) {
    resized = Run(
        [&](VipsImage** out) {
          return vips_extract_area(resized.get(), out, 0, 0, std::min(rw, width), std::min(rh, height),
                                   nullptr);
        },
        FailUndecodable, "trim");
  }
  return resized;
}

// 8-bit sRGB, whatever came in: CMYK (with or without a profile), 16-bit,
// greyscale, wide-gamut RGB with an embedded profile. Alpha is kept.
ImagePtr ToSrgb8(ImagePtr image) {
  VipsImage* in = image.get();
  ImagePtr out;
  if (vips_image_get_typeof(in, VIPS_META_ICC_NAME) != 0) {
    VipsImage* raw = nullptr;
    if (vips_icc_transform(in, &raw, "srgb", "embedded", TRUE, "depth", 8, nullptr) == 0) {
      out.reset(raw);
    } else {
      // A broken embedded profile: fall through to the profile-less path
      // rather than refuse a photo that decodes fine.
      if (raw != nullptr) g_object_unref(raw);
      TakeVipsError();
    }
  }
  if (!out && vips_image_guess_interpretation(in) == VIPS_INTERPRETATION_CMYK) {
    out = Run(
        [&](VipsImage** o) {
          return vips_icc_transform(in, o, "srgb", "input_profile", "cmyk", "depth", 8, nullptr);
        },
        FailUndecodable, "cmyk to srgb");
  }
  if (!out) {
    out = Run([&](VipsImage** o) { return vips_colourspace(in, o, VIPS_INTERPRETATION_sRGB, nullptr); },
              FailUndecodable, "colourspace");
  }
  if (vips_image_get_format(out.get()) != VIPS_FORMAT_UCHAR) {
    out = Run([&](VipsImage** o) { return vips_cast(out.get(), o, VIPS_FORMAT_UCHAR, nullptr); },
              FailUndecodable, "cast");
  }
  return out;
}

// Decodes into memory (this is where truncation and corrupt data surface).
// Every pipeline that reads the upload ends here first, so this is where the
// request is named for libvips's worker threads (detail/vips_request.hpp).
ImagePtr Materialise(ImagePtr image) {
  const ImagePtr named(detail::NameRequest(image.get()));
  if (!named) ThrowInternal("name request");
  VipsImage* raw = vips_image_copy_memory(named.get());
  if (raw == nullptr) ThrowUndecodable("decode");
  return ImagePtr(raw);
}

// Belt and braces for strip=TRUE: the renditions' image objects carry no
// metadata at all, so nothing can reach an encoder by accident.
void RemoveMetadata(VipsImage* image) {
  gchar** fields = vips_image_get_fields(image);
  for (gchar** f = fields; *f != nullptr; ++f) vips_image_remove(image, *f);  // header fields stay
  g_strfreev(fields);
}

std::string TakeBuffer(void* buffer, std::size_t length) {
  std::string out(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return out;
}

std::string EncodeWebp(VipsImage* image, int quality) {
  void* buffer = nullptr;
  std::size_t length = 0;
  if (vips_webpsave_buffer(image, &buffer, &length, "Q", quality, "strip", TRUE, nullptr) != 0) {
    ThrowInternal("webpsave");
  }
  std::string webp = TakeBuffer(buffer, length);
  // WARNING: strip=TRUE is not enough in libvips 8.14 (see detail/webp_container.hpp).
  if (!detail::StripWebpMetadata(webp)) {
    throw Error(ErrorCode::kInternal, "Internal error", {}, "webpsave produced a malformed container");
  }
  return webp;
}

ImagePtr Flatten(ImagePtr image) {
  if (!vips_image_hasalpha(image.get())) return image;
  ImagePtr flat = Run(
      [&](VipsImage** out) {
        VipsArrayDouble* white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
        const int rc = vips_flatten(image.get(), out, "background", white, nullptr);
        vips_area_unref(VIPS_AREA(white));
        return rc;
      },
      FailInternal, "flatten");
  return Run([&](VipsImage** out) { return vips_cast(flat.get(), out, VIPS_FORMAT_UCHAR, nullptr); },
             FailInternal, "cast");
}

std::string EncodeJpeg(VipsImage* image, int quality) {
  void* buffer = nullptr;
  std::size_t length = 0;
  if (vips_jpegsave_buffer(image, &buffer, &length, "Q", quality, "optimize_coding", TRUE, "interlace", TRUE,
                           "strip", TRUE, nullptr) != 0) {
    ThrowInternal("jpegsave");
  }
  return TakeBuffer(buffer, length);
}

std::string AverageColour(VipsImage* flat_rgb) {
  char out[8];
  int channel[3] = {0, 0, 0};
  for (int band = 0; band < 3; ++band) {
    ImagePtr one = Run([&](VipsImage** o) { return vips_extract_band(flat_rgb, o, band, nullptr); },
                       FailInternal, "extract_band");
    double mean = 0;
    if (vips_avg(one.get(), &mean, nullptr) != 0) ThrowInternal("avg");
    channel[band] = std::clamp(static_cast<int>(std::lround(mean)), 0, 255);
  }
  std::snprintf(out, sizeof out, "#%02x%02x%02x", channel[0], channel[1], channel[2]);
  return out;
}

// BlurHash of a tiny copy: 32 px on the long side is plenty for 4x3 components
// and keeps the O(pixels x components) sum cheap.
std::string BlurHashOf(VipsImage* flat_rgb) {
  const int w = vips_image_get_width(flat_rgb);
  const int h = vips_image_get_height(flat_rgb);
  const double scale = std::min(1.0, 32.0 / std::max(w, h));
  ImagePtr small = Run([&](VipsImage** o) { return vips_resize(flat_rgb, o, scale, nullptr); }, FailInternal,
                       "resize for blurhash");
  std::size_t size = 0;
  void* memory = vips_image_write_to_memory(small.get(), &size);
  if (memory == nullptr) ThrowInternal("write_to_memory");
  const int sw = vips_image_get_width(small.get());
  const int sh = vips_image_get_height(small.get());
  std::string hash;
  try {
    hash = detail::EncodeBlurHash(static_cast<const std::uint8_t*>(memory), sw, sh, w >= h ? 4 : 3,
                                  w >= h ? 3 : 4);
  } catch (...) {
    g_free(memory);
    throw;
  }
  g_free(memory);
  return hash;
}

int ScaledSide(int side, int from, int to) {
  return std::max(1, static_cast<int>(std::lround(static_cast<double>(side) * to / from)));
}

// The largest libjpeg DCT shrink (8, 4, 2) that keeps both raw dimensions at or
// above the targets: decoding at 1/2 or 1/4 scale is what keeps a 12 MP photo
// well inside the time budget.
int JpegShrinkFor(const ImageHeader& header, int raw_target_w, int raw_target_h) {
  for (int shrink : {8, 4, 2}) {
    if (header.width >= raw_target_w * shrink && header.height >= raw_target_h * shrink) return shrink;
  }
  return 1;
}

// libwebp can scale while decoding, which saves most of the time and all of the
// full-size frame buffer; the exact size is reached by ResizeTo afterwards.
double WebpScaleFor(const ImageHeader& header, int raw_target_w, int raw_target_h) {
  return std::min(1.0, std::max(static_cast<double>(raw_target_w) / header.width,
                                static_cast<double>(raw_target_h) / header.height));
}

// Reloads at a reduced size when the format can decode smaller for free.
ImagePtr LoadReduced(const SourceFactory& make_source, ImageType type, const ImageHeader& header,
                     ImagePtr loaded, int raw_target_w, int raw_target_h) {
  if (type == ImageType::kJpeg) {
    const int shrink = JpegShrinkFor(header, raw_target_w, raw_target_h);
    if (shrink > 1) return Load(make_source, type, shrink);
  } else if (type == ImageType::kWebp) {
    const double scale = WebpScaleFor(header, raw_target_w, raw_target_h);
    if (scale < 0.9) return Load(make_source, type, 1, scale);
  }
  return loaded;
}

ProcessedImage Process(const SourceFactory& make_source, ImageType type, const ProcessOptions& options) {
  InitializeImageProcessing();
  ImagePtr image = Load(make_source, type);
  const ImageHeader header = HeaderOf(image.get());
  CheckPixels(header, options.max_pixels);  // before a single pixel is decoded
  if (options.mode == VariantMode::kPost) CheckAspectRatio(header, options.max_aspect_ratio);
  if (options.max_side <= 0) throw std::invalid_argument("ProcessOptions without max_side");

  const bool swap = header.orientation >= 5;
  const int uw = header.upright_width();
  const int uh = header.upright_height();

  // The largest rendition, upright; and what it is in the stored (raw) frame.
  std::vector<int> sizes = options.mode == VariantMode::kPost ? options.widths : options.avatar_sides;
  std::sort(sizes.begin(), sizes.end(), std::greater<>());
  sizes.erase(std::remove_if(sizes.begin(), sizes.end(), [](int s) { return s <= 0; }), sizes.end());
  if (sizes.empty()) throw std::invalid_argument("ProcessOptions without sizes");

  int base_w = 0;
  int base_h = 0;
  if (options.mode == VariantMode::kPost) {
    base_w = std::min({uw, sizes.front(), options.max_side});
    base_h = ScaledSide(uh, uw, base_w);
    if (base_h > options.max_side) {  // tall: the height bounds the box
      base_h = options.max_side;
      base_w = ScaledSide(uw, uh, base_h);
    }
  } else {
    base_w = base_h = std::min({uw, uh, sizes.front(), options.max_side});
  }

  if (options.mode == VariantMode::kAvatar) {
    // Centre square in the raw frame: the same square once rotated.
    const int raw_target = base_w;
    // The crop side is min(w, h): reduce so that side stays >= the target.
    const int side = std::min(header.width, header.height);
    const double per_pixel = static_cast<double>(raw_target) / side;
    image = LoadReduced(make_source, type, header, std::move(image),
                        static_cast<int>(std::ceil(header.width * per_pixel)),
                        static_cast<int>(std::ceil(header.height * per_pixel)));
    const int w = vips_image_get_width(image.get());
    const int h = vips_image_get_height(image.get());
    const int s = std::min(w, h);
    image = Run(
        [&](VipsImage** o) {
          return vips_extract_area(image.get(), o, (w - s) / 2, (h - s) / 2, s, s, nullptr);
        },
        FailUndecodable, "crop");
    image = ResizeTo(std::move(image), raw_target, raw_target);
  } else {
    const int raw_target_w = swap ? base_h : base_w;
    const int raw_target_h = swap ? base_w : base_h;
    image = LoadReduced(make_source, type, header, std::move(image), raw_target_w, raw_target_h);
    image = ResizeTo(std::move(image), raw_target_w, raw_target_h);
  }
  image = ToSrgb8(std::move(image));
  image = Materialise(std::move(image));
  image =
      Run([&](VipsImage** o) { return vips_autorot(image.get(), o, nullptr); }, FailUndecodable, "autorot");
  image = Materialise(std::move(image));
  RemoveMetadata(image.get());
  base_w = vips_image_get_width(image.get());
  base_h = vips_image_get_height(image.get());

  std::vector<int> widths = {base_w};
  for (int s : sizes) {
    if (s < base_w) widths.push_back(s);
  }

  ProcessedImage result;
  result.source_type = type;
  result.width = base_w;
  result.height = base_h;
  for (int w : widths) {
    const int h = options.mode == VariantMode::kPost ? ScaledSide(base_h, base_w, w) : w;
    ImagePtr copy(image.get());
    g_object_ref(image.get());
    ImagePtr sized = Materialise(ResizeTo(std::move(copy), w, h));
    const int vw = vips_image_get_width(sized.get());
    const int vh = vips_image_get_height(sized.get());
    result.variants.push_back({vw, vh, "image/webp", "webp", EncodeWebp(sized.get(), options.webp_quality)});
    ImagePtr flat = Materialise(Flatten(std::move(sized)));
    result.variants.push_back({vw, vh, "image/jpeg", "jpg", EncodeJpeg(flat.get(), options.jpeg_quality)});
    if (w == widths.back()) {
      result.average_colour = AverageColour(flat.get());
      result.placeholder = BlurHashOf(flat.get());
    }
  }
  return result;
}

std::string ReadHead(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kInternal, "Internal error", {}, "cannot open upload " + path.string());
  std::string head(kSniffBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head;
}

void CheckDeclaredType(std::string_view head, ImageType type) {
  // Defence in depth: the caller sniffed already, but the loader choice must
  // follow the bytes, never a claim.
  if (RequireImageType(head) != type) {
    throw Error(ErrorCode::kUnsupportedMediaType, "Upload a JPEG, PNG, WebP, HEIC or AVIF image", {},
                "sniffed type differs from the declared one");
  }
}

SourceFactory MemorySource(std::string_view bytes) {
  return [bytes] { return SourcePtr(vips_source_new_from_memory(bytes.data(), bytes.size())); };
}

}  // namespace

void InitializeImageProcessing() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] {
    if (VIPS_INIT("lenslet") != 0) return;
    detail::RouteVipsMessagesToLog();
    // One thread per operation: the image pool's size is the concurrency, and
    // memory stays proportional to it.
    vips_concurrency_set(1);
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_cache_set_max_files(0);
    // WARNING: this is what keeps SVG, PDF, ImageMagick, Matlab, FITS... loaders
    // (and their bugs) out of reach, whatever path a future caller takes.
    vips_block_untrusted_set(TRUE);
    vips_operation_block_set("VipsForeignLoad", TRUE);
    for (const char* allowed :
         {"VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadHeif"}) {
      vips_operation_block_set(allowed, FALSE);
    }
    ok = true;
  });
  if (!ok)
    throw Error(ErrorCode::kInternal, "Internal error", {}, "libvips failed to start: " + TakeVipsError());
}

ImageHeader ReadImageHeader(std::string_view bytes, ImageType type) {
  InitializeImageProcessing();
  CheckDeclaredType(bytes.substr(0, kSniffBytes), type);
  ImagePtr image = Load(MemorySource(bytes), type);
  return HeaderOf(image.get());
}

ProcessedImage ProcessImage(std::string_view bytes, ImageType type, const ProcessOptions& options) {
  CheckDeclaredType(bytes.substr(0, kSniffBytes), type);
  return Process(MemorySource(bytes), type, options);
}

ProcessedImage ProcessImageFile(const std::filesystem::path& path, ImageType type,
                                const ProcessOptions& options) {
  CheckDeclaredType(ReadHead(path), type);
  const std::string name = path.string();
  return Process([name] { return SourcePtr(vips_source_new_from_file(name.c_str())); }, type, options);
}

boost::asio::awaitable<ProcessedImage> ProcessImageAsync(core::WorkerPool& pool, std::string bytes,
                                                         ImageType type, ProcessOptions options) {
  // `bytes` and `options` live in this coroutine frame until the pool is done.
  co_return co_await pool.Run([&] { return ProcessImage(bytes, type, options); });
}

boost::asio::awaitable<ProcessedImage> ProcessImageFileAsync(core::WorkerPool& pool,
                                                             std::filesystem::path path, ImageType type,
                                                             ProcessOptions options) {
  co_return co_await pool.Run([&] { return ProcessImageFile(path, type, options); });
}

}  // namespace lenslet::media
