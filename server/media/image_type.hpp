#pragma once
// What an upload is, decided by its first bytes only: the file name and the
// declared Content-Type are the client's claims and are never consulted.
#include <cstddef>
#include <optional>
#include <string_view>

namespace lenslet::media {

enum class ImageType { kJpeg, kPng, kWebp, kHeif, kAvif };

// How many leading bytes SniffImageType wants to see (an ISO-BMFF ftyp box
// lists its compatible brands there). Fewer is fine for a short file.
inline constexpr std::size_t kSniffBytes = 64;

// The accepted type of `head` (the first bytes of the file), or nullopt for
// anything else: SVG, PDF, GIF, TIFF, text, empty, unknown ISO-BMFF brands...
std::optional<ImageType> SniffImageType(std::string_view head);

// As SniffImageType, but throws core::Error(kUnsupportedMediaType) (415).
ImageType RequireImageType(std::string_view head);

std::string_view MimeType(ImageType type);   // "image/jpeg"
std::string_view Extension(ImageType type);  // "jpg", without the dot
std::string_view ToString(ImageType type);   // "jpeg", for logs

}  // namespace lenslet::media
