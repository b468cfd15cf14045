#pragma once
// The one way an uploaded image becomes renditions, for every door that takes
// images: posts (`images`, 1-10 files), avatars (`avatar`) and message images
// (`image`). Each used to carry its own copy of these steps (issue 12.7):
//
//   auto uploads = UploadsOf(form.Files("images"), "images", FieldNames::kIndexed);
//   auto images = co_await ProcessUploads(services, uploads, options);   // 422/415 named
//   auto stored = co_await PutImages(services, std::move(images));       // stored_media.hpp
//   co_await WriteReferencing(services, stored, [&](db::Connection& c) { ... });
//
// Refusals name the file that caused them ("images[2]", "avatar"), so a client
// can mark the photo that failed rather than the whole form.
#include <boost/asio/awaitable.hpp>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/media/stored_media.hpp"
#include "api/services.hpp"
#include "http/upload.hpp"
#include "media/image_processor.hpp"

namespace lenslet::api::media_files {

// One spooled file and the field name its refusals carry.
struct Upload {
  std::filesystem::path path;
  std::uint64_t size = 0;
  std::string field;
};

enum class FieldNames {
  kPlain,    // every refusal names the form field: "avatar"
  kIndexed,  // one of several: "images[0]", "images[1]", counting in form order
};

std::vector<Upload> UploadsOf(const std::vector<const http::UploadedFile*>& files, std::string_view field,
                              FieldNames names);

// Checks every file (422 empty), decides every type by content on the files
// pool (415), then processes each on the image pool (422 undecodable, too
// large, or a shape beyond media's limits). A refusal (4xx) names its file; a
// server fault (5xx) is rethrown as it is. Nothing is stored.
boost::asio::awaitable<std::vector<lenslet::media::ProcessedImage>> ProcessUploads(
    Services& services, std::vector<Upload> uploads, lenslet::media::ProcessOptions options);

// Runs `unit` as one write unit (db::Database::Write) that references the
// stored files. If it throws, the files no row references are deleted again
// and the error goes on: a failed upload leaves no row and no file.
template <typename Unit>
auto WriteReferencing(Services& services, const StoredImages& stored, Unit unit)
    -> boost::asio::awaitable<decltype(unit(std::declval<db::Connection&>()))> {
  std::exception_ptr failure;
  try {
    co_return co_await services.db.Write(std::move(unit));
  } catch (...) {
    failure = std::current_exception();
  }
  // Outside the handler: a coroutine cannot co_await inside a catch block.
  co_await DeleteUnreferenced(services, stored.keys());
  std::rethrow_exception(failure);
}

}  // namespace lenslet::api::media_files
