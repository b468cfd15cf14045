#pragma once
// A QR code as a small standalone SVG document, drawn from libqrencode's
// module matrix: black squares on a white background with the 4-module quiet
// zone scanners need. The web app shows it as an <img>, so it holds no script,
// no text and nothing from the input but the encoded modules.
#include <string>
#include <string_view>

namespace lenslet::auth {

// Error correction level M (15%): the usual choice for a screen. Throws
// std::runtime_error when libqrencode cannot encode the text (too long).
std::string QrSvg(std::string_view text);

}  // namespace lenslet::auth
