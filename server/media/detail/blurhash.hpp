#pragma once
// BlurHash (https://blurha.sh): a ~28-character string from which clients
// paint a blurred preview before the image loads.
#include <cstdint>
#include <string>

namespace lenslet::media::detail {

// `rgb` is width*height*3 bytes of 8-bit sRGB, rows packed. Components are
// 1-9 in each direction; 4x3 suits landscape, 3x4 portrait.
std::string EncodeBlurHash(const std::uint8_t* rgb, int width, int height, int x_components,
                           int y_components);

}  // namespace lenslet::media::detail
