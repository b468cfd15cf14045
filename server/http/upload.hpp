#pragma once
// Streaming uploads: routes declared with RouteOptions::upload never have their
// body buffered in Request::body. The session feeds the body, chunk by chunk,
// through MultipartParser into an UploadedForm, which spools every file part to
// its own temporary file under UploadOptions::spool_dir and keeps the (small)
// text fields in memory. The handler then finds `request.upload` complete.
//
// Every temporary file belongs to the form and is deleted by its destructor:
// when the request ends, whatever happened (handler error, client gone, a
// limit crossed mid-file, a drain that destroys the coroutine frame).
//
// Errors: 415 when the request is not multipart/form-data, 400 for a malformed
// boundary or body, 413 the moment a byte or field limit is crossed, 422 for a file too many,
// 507 when the spool's file system is full (ENOSPC, EDQUOT).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/multipart.hpp"

namespace lenslet::http {

struct UploadOptions {
  // max_total_bytes is replaced by the route's body_limit.
  MultipartLimits limits;
  // Where file parts are spooled (created when missing). The server uses its
  // own folder under <data-dir>/tmp (http/spool_directory.hpp): on the same
  // file system as the media, away from /tmp's size limits.
  std::filesystem::path spool_dir;
  // Above 0, the route takes JSON too: a request whose Content-Type is not
  // multipart/form-data is read into Request::body (up to this many bytes)
  // and Request::upload stays null. 0: multipart only (415 otherwise).
  std::size_t json_body_limit = 0;
};

struct UploadedFile {
  std::string field;             // the form field name
  std::string declared_type;     // the part's Content-Type as sent: never trusted
  std::filesystem::path path;    // the spooled bytes; deleted with the form
  std::uint64_t size = 0;
};

struct UploadedField {
  std::string name;
  std::string value;
};

class UploadedForm {
 public:
  // Checks the Content-Type (415 / 400) before any body byte is read.
  UploadedForm(UploadOptions options, std::string_view content_type, std::uint64_t body_limit);
  ~UploadedForm();
  UploadedForm(const UploadedForm&) = delete;
  UploadedForm& operator=(const UploadedForm&) = delete;

  // Called by the session as the body arrives; throws core::Error (413, 422, 400).
  void Feed(std::string_view chunk);
  // The body ended; throws Error(kBadRequest) unless the form was complete.
  void Finish();

  const std::vector<UploadedFile>& files() const { return files_; }
  const std::vector<UploadedField>& fields() const { return fields_; }
  // In the order sent.
  std::vector<const UploadedFile*> Files(std::string_view field) const;
  std::vector<std::string_view> Fields(std::string_view name) const;
  // The first field of that name.
  std::optional<std::string_view> Field(std::string_view name) const;

 private:
  class Spool;
  friend class Spool;

  UploadOptions options_;
  std::vector<UploadedFile> files_;
  std::vector<UploadedField> fields_;
  std::unique_ptr<Spool> spool_;
  std::unique_ptr<MultipartParser> parser_;
};

}  // namespace lenslet::http
