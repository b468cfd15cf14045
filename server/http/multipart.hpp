#pragma once
// A streaming multipart/form-data parser (RFC 7578 over RFC 2046): a push
// parser that is fed the body in chunks of any size, down to one byte, and
// reports parts through a handler as it goes. File data is never buffered: a
// chunk is handed on as soon as it cannot be the start of a delimiter, so memory
// stays at one part's headers (max_header_bytes) plus nothing else, whatever the
// size of the upload.
//
// Errors are core::Error: kPayloadTooLarge (413) the moment a byte or field
// limit is crossed, kInvalidValue (422, field = the part's name) for one file
// more than max_files, kBadRequest (400) for malformed input. After an error (or a handler throwing),
// the parser refuses further input with the same error.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"

namespace lenslet::http {

struct MultipartLimits {
  std::size_t max_files = 10;                    // parts with a filename
  std::size_t max_fields = 50;                   // parts without one
  std::uint64_t max_file_bytes = 25ull << 20;    // data of one file part
  std::uint64_t max_field_bytes = 64ull << 10;   // data of one text field
  std::uint64_t max_total_bytes = 200ull << 20;  // everything fed, framing included
  std::size_t max_header_bytes = 8u << 10;       // one part's header block
};

struct PartInfo {
  std::string name;                     // Content-Disposition name (never empty)
  std::optional<std::string> filename;  // as sent (may be empty, may hold a path): never use it as one
  std::string content_type;             // as declared, empty when absent. Not trusted.
  bool IsFile() const { return filename.has_value(); }
};

class MultipartHandler {
 public:
  virtual ~MultipartHandler() = default;
  virtual void OnPartBegin(const PartInfo& part) = 0;
  // Data of the current part, in order; never empty. The view is valid only
  // during the call.
  virtual void OnPartData(std::string_view data) = 0;
  virtual void OnPartEnd() = 0;
  // The closing delimiter was read: the form is complete.
  virtual void OnFinish() = 0;
};

// The boundary parameter of a `multipart/form-data` Content-Type, unquoted.
// Throws Error(kBadRequest) if the type is not multipart/form-data or the
// boundary is missing, repeated or not 1-70 characters of RFC 2046 bchars, and
// Error(kUnsupportedMediaType) if the type is something else entirely.
std::string ParseMultipartBoundary(std::string_view content_type);

class MultipartParser {
 public:
  MultipartParser(std::string boundary, MultipartHandler& handler, MultipartLimits limits = {});

  // Feeds the next bytes of the body. Throws core::Error (see above).
  void Feed(std::string_view chunk);
  // The body ended: throws Error(kBadRequest) unless the closing delimiter was seen.
  void Finish();

  bool done() const { return state_ == State::kEpilogue; }
  std::uint64_t total_bytes() const { return total_bytes_; }
  std::size_t files() const { return files_; }
  std::size_t fields() const { return fields_; }

 private:
  enum class State {
    kPreamble,        // discarding until the first delimiter
    kAfterDelimiter,  // "--" (close), transport padding, or CRLF
    kAfterDash,       // saw one '-' after a delimiter
    kAfterPadding,    // saw the CR ending a delimiter line
    kHeaders,         // accumulating one part's header block
    kBody,            // streaming part data
    kEpilogue,        // after the close delimiter: discarded
    kFailed,
  };

  std::size_t FeedDelimiterSearch(std::string_view chunk, bool emit);
  std::size_t FeedHeaders(std::string_view chunk);
  void FeedAfterDelimiter(char c);
  void EndOfHeaders();
  void ParseHeaderLine(std::string_view line);
  // Data found not to be a delimiter: part data when `emit`, else preamble.
  void Pass(std::string_view data, bool emit);
  void Emit(std::string_view data);
  [[noreturn]] void Fail(std::exception_ptr error);

  std::string delimiter_;  // "\r\n--" + boundary
  MultipartHandler& handler_;
  MultipartLimits limits_;
  State state_ = State::kPreamble;
  // How many bytes of delimiter_ the input has matched so far, possibly across
  // chunks. The delimiter starts with the only CR it contains, so on a mismatch
  // every matched byte is data, and those bytes are delimiter_'s own prefix:
  // nothing needs keeping from earlier chunks.
  std::size_t matched_ = 0;
  std::size_t padding_ = 0;
  std::string line_;  // the header line being read
  std::size_t header_bytes_ = 0;
  PartInfo part_;
  bool have_disposition_ = false;
  bool have_content_type_ = false;
  bool in_part_ = false;
  std::uint64_t part_bytes_ = 0;
  std::uint64_t total_bytes_ = 0;
  std::size_t preamble_bytes_ = 0;
  std::size_t files_ = 0;
  std::size_t fields_ = 0;
  std::exception_ptr error_;
};

// --- Whole-body convenience, for small forms already held in memory (an
// avatar, a message image under the route's body limit). Uploads of many
// files should stream through MultipartParser instead.

struct MultipartPart {
  std::string name;                     // the form field
  std::optional<std::string> filename;  // set for file fields (never trust it: decide by content)
  std::string content_type;             // as declared by the client; empty when absent
  std::string_view data;                // WARNING: points into request.body; valid while it lives
};

// Splits request.body into its parts with MultipartParser. Throws core::Error:
//  - kUnsupportedMediaType (415) when the Content-Type is not multipart/form-data;
//  - kBadRequest (400) when the boundary or the framing is malformed, a part has
//    no name, or there are more than `max_parts` parts;
//  - kPayloadTooLarge (413) when a part crosses `limits` (counts are max_parts).
std::vector<MultipartPart> ParseMultipart(const Request& request, std::size_t max_parts = 16,
                                          MultipartLimits limits = {});

// The first part named `name`, or nullptr.
const MultipartPart* FindPart(const std::vector<MultipartPart>& parts, std::string_view name);

}  // namespace lenslet::http
