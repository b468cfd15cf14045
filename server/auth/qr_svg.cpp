#include "auth/qr_svg.hpp"

#include <qrencode.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace lenslet::auth {
namespace {

constexpr int kQuietZone = 4;

struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

std::string QrSvg(std::string_view text) {
  const std::string input(text);  // libqrencode wants a NUL-terminated string
  std::unique_ptr<QRcode, QrFree> code(QRcode_encodeString8bit(input.c_str(), 0, QR_ECLEVEL_M));
  if (!code) throw std::runtime_error("QR encoding failed");
  const int width = code->width;
  const int size = width + 2 * kQuietZone;
  const std::string side = std::to_string(size);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + side + " " + side +
                    "\" width=\"" + std::to_string(size * 6) + "\" height=\"" + std::to_string(size * 6) +
                    "\" shape-rendering=\"crispEdges\"><rect width=\"" + side + "\" height=\"" + side +
                    "\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
  // One unit square per dark module; the lowest bit of each byte is "dark".
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      if ((code->data[y * width + x] & 1) == 0) continue;
      svg += "M" + std::to_string(x + kQuietZone) + " " + std::to_string(y + kQuietZone) + "h1v1h-1z";
    }
  }
  svg += "\"/></svg>";
  return svg;
}

}  // namespace lenslet::auth
