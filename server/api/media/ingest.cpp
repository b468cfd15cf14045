#include "api/media/ingest.hpp"

#include <chrono>
#include <optional>

#include "core/error.hpp"
#include "core/metrics.hpp"
#include "media/image_type.hpp"

namespace lenslet::api::media_files {
namespace {

// lenslet_media_refusals_total{reason}: uploads refused as images (the wire
// code: unsupported_media_type, invalid_value, …). Few codes, so few series.
void CountRefusal(const core::Error& error) {
  core::metrics::Registry::Global()
      .GetCounter("lenslet_media_refusals_total", "Uploaded files refused as images, by error code",
                  {{"reason", std::string(core::Describe(error.code()).wire_code)}})
      .Inc();
}

core::metrics::Histogram& ProcessingTime() {
  static auto& histogram = core::metrics::Registry::Global().GetHistogram(
      "lenslet_media_processing_seconds",
      "Time to turn one uploaded image into its renditions, waiting for the image pool included",
      core::metrics::kSlowBuckets);
  return histogram;
}

[[noreturn]] void RethrowFor(const core::Error& error, const std::string& field) {
  core::Error named(error.code(), error.message(), field, error.internal());
  named.retry_after_seconds = error.retry_after_seconds;
  throw named;
}

}  // namespace

std::vector<Upload> UploadsOf(const std::vector<const http::UploadedFile*>& files, std::string_view field,
                              FieldNames names) {
  std::vector<Upload> out;
  out.reserve(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::string name(field);
    if (names == FieldNames::kIndexed) name += "[" + std::to_string(i) + "]";
    out.push_back({files[i]->path, files[i]->size, std::move(name)});
  }
  return out;
}

boost::asio::awaitable<std::vector<lenslet::media::ProcessedImage>> ProcessUploads(
    Services& services, std::vector<Upload> uploads, lenslet::media::ProcessOptions options) {
  if (services.media == nullptr) {
    throw core::Error(core::ErrorCode::kInternal, "Uploads are not available", {}, "no media services");
  }
  auto& media = *services.media;
  // Zero bytes is no type at all, but the API calls it what it is: an image
  // that cannot be decoded.
  for (const auto& upload : uploads) {
    if (upload.size == 0) core::ThrowInvalid(upload.field, "The image is empty");
  }
  // Every type by content before any decoding: a PDF among ten photos costs
  // nothing but its first bytes.
  const auto types = co_await media.files.Run([&uploads] {
    std::vector<lenslet::media::ImageType> out;
    for (const auto& upload : uploads) {
      try {
        out.push_back(lenslet::media::RequireImageType(ReadUploadHead(upload.path)));
      } catch (const core::Error& error) {
        CountRefusal(error);
        RethrowFor(error, upload.field);
      }
    }
    return out;
  });

  std::vector<lenslet::media::ProcessedImage> processed;
  processed.reserve(uploads.size());
  for (std::size_t i = 0; i < uploads.size(); ++i) {
    std::optional<core::Error> refused;
    const auto started = std::chrono::steady_clock::now();
    try {
      processed.push_back(
          co_await lenslet::media::ProcessImageFileAsync(media.images, uploads[i].path, types[i], options));
      ProcessingTime().Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    } catch (const core::Error& error) {
      if (error.http_status() >= 500) throw;  // not this file's fault
      CountRefusal(error);
      refused = error;
    }
    if (refused) RethrowFor(*refused, uploads[i].field);
  }
  co_return processed;
}

}  // namespace lenslet::api::media_files
