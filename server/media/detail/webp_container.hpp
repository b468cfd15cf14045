#pragma once
// libvips 8.14's webpsave writes a fresh EXIF chunk even with strip=TRUE
// (resolution, orientation, dimensions), so we remove metadata chunks from the
// RIFF container ourselves. No pixel data is touched.
#include <string>

namespace lenslet::media::detail {

// Removes the EXIF, XMP and ICCP chunks of a WebP file and clears their flags
// in VP8X. Returns false (and leaves `webp` unchanged) if the container is not
// well formed.
bool StripWebpMetadata(std::string& webp);

}  // namespace lenslet::media::detail
