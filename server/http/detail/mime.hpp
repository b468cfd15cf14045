#pragma once
#include <string_view>

namespace lenslet::http::detail {

// Content-Type for a file name, by extension; application/octet-stream when unknown.
std::string_view MimeTypeFor(std::string_view file_name);

}  // namespace lenslet::http::detail
