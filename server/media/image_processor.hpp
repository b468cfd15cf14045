#pragma once
// Turns one uploaded image into the renditions we store: decoded by the one
// libvips loader its sniffed type calls for, refused above 100 megapixels
// before any pixel is decoded, rotated upright, converted to 8-bit sRGB,
// resized, and encoded as WebP and JPEG with every piece of metadata (EXIF,
// GPS, XMP, IPTC, ICC) stripped. Originals are never kept.
//
// What a post image may be (the product rule): at most 100 megapixels, and no
// longer than 20:1 on either axis. Renditions fit a box: their width is at most
// the rendition's nominal width (1080, 640, 320) and their long side at most
// 8192 px, so every rendition is within every encoder we use (WebP stops at
// 16383 px a side, JPEG at 65535) whatever the source's shape. A 1:15 screenshot
// of 1080x16384 becomes 540x8192. Beyond 20:1 even the largest rendition would
// be a sliver (a 1:200 strip would be 41 px wide): refused, as Instagram refuses
// shapes outside its range, rather than stored unusable. Avatars are centre
// squares, so any shape makes one.
//
// Errors (core::Error): kUnsupportedMediaType (415) when the bytes are not the
// declared type; kInvalidValue (422) "image too large" over the pixel limit,
// "aspect ratio" beyond the shape limit, or an undecodable/truncated image;
// kInternal (500) when encoding fails (never for a shape or size we accepted).
//
// Synchronous and CPU-bound: network threads use the *Async forms, which run it
// on a core::WorkerPool reserved for images.
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/worker_pool.hpp"
#include "media/image_type.hpp"

namespace lenslet::media {

inline constexpr std::uint64_t kMaxPixels = 100'000'000;
// Well inside WebP's 16383 px (libwebp's WEBP_MAX_DIMENSION) and JPEG's 65535.
inline constexpr int kMaxRenditionSide = 8192;
inline constexpr int kMaxAspectRatio = 20;  // long side : short side, posts only

enum class VariantMode {
  kPost,    // keeps the aspect ratio; widths 1080, 640, 320
  kAvatar,  // centre square; sides 320, 160
};

struct ProcessOptions {
  VariantMode mode = VariantMode::kPost;
  // Largest first. Never upscaled: the largest rendition is min(source, first),
  // then every smaller size below it.
  std::vector<int> widths = {1080, 640, 320};
  std::vector<int> avatar_sides = {320, 160};
  int webp_quality = 80;
  int jpeg_quality = 82;
  std::uint64_t max_pixels = kMaxPixels;
  int max_side = kMaxRenditionSide;
  int max_aspect_ratio = kMaxAspectRatio;
};

struct Variant {
  int width = 0;
  int height = 0;
  std::string_view mime_type;  // "image/webp" or "image/jpeg"
  std::string_view extension;  // "webp" or "jpg"
  std::string bytes;
};

struct ProcessedImage {
  ImageType source_type = ImageType::kJpeg;
  int width = 0;  // of the largest rendition, upright
  int height = 0;
  std::string placeholder;        // a BlurHash (4x3 components, 3x4 when portrait)
  std::string average_colour;     // "#rrggbb", for clients without a BlurHash decoder
  std::vector<Variant> variants;  // largest first; WebP then JPEG for each size
};

// What the header says, without decoding pixels.
struct ImageHeader {
  int width = 0;  // as stored, before EXIF orientation
  int height = 0;
  int orientation = 1;  // EXIF 1-8
  int upright_width() const { return orientation >= 5 ? height : width; }
  int upright_height() const { return orientation >= 5 ? width : height; }
};

// Starts libvips once for the process: one thread per operation, no operation
// cache, and only the JPEG, PNG, WebP and HEIF loaders allowed to run. Called by
// every function below; call it at start-up to fail early.
void InitializeImageProcessing();

ImageHeader ReadImageHeader(std::string_view bytes, ImageType type);

ProcessedImage ProcessImage(std::string_view bytes, ImageType type, const ProcessOptions& options = {});
// For uploads spooled to a file by the HTTP layer: read straight from disk, so
// a 25 MB upload is never held in memory twice.
ProcessedImage ProcessImageFile(const std::filesystem::path& path, ImageType type,
                                const ProcessOptions& options = {});

boost::asio::awaitable<ProcessedImage> ProcessImageAsync(core::WorkerPool& pool, std::string bytes,
                                                         ImageType type, ProcessOptions options = {});
boost::asio::awaitable<ProcessedImage> ProcessImageFileAsync(core::WorkerPool& pool,
                                                             std::filesystem::path path, ImageType type,
                                                             ProcessOptions options = {});

}  // namespace lenslet::media
