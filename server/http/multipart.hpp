#pragma once
// multipart/form-data request bodies (uploads: an image plus text fields).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"

namespace lenslet::http {

struct MultipartPart {
  std::string name;                     // the form field
  std::optional<std::string> filename;  // set for file fields (never trust it: decide by content)
  std::string content_type;             // as declared by the client; empty when absent
  std::string_view data;                // WARNING: points into request.body; valid while it lives
};

// Splits request.body into its parts (RFC 7578). Throws core::Error:
//  - kUnsupportedMediaType (415) when the Content-Type is not multipart/form-data;
//  - kBadRequest (400) when the boundary or the framing is malformed, a part has
//    no name, or there are more than `max_parts` parts.
std::vector<MultipartPart> ParseMultipart(const Request& request, std::size_t max_parts = 16);

// The first part named `name`, or nullptr.
const MultipartPart* FindPart(const std::vector<MultipartPart>& parts, std::string_view name);

}  // namespace lenslet::http
