// POST /api/v1/posts (multipart: `images` 1–10 files, `caption`, `alt` one per
// image) → 201 {post}. The body was streamed to spool files by http/ before
// this runs (RouteOptions::upload), with 422 for an 11th file, 413 for too many
// bytes. A refusal of one file names it: field "images[i]".
//
// Recipe: rate limit → fields → sniff every file by content (415) → process
// every image on the image pool (422 undecodable / over 100 MP) → put every
// rendition in the blob store → ONE write unit: post, media, blob references,
// hashtags, users.post_count, mention notifications → 201. If anything fails
// after the files were written, the files no row references are deleted: a
// failed upload leaves no row and no file.
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <optional>
#include <string>

#include "api/detail/write_limits.hpp"
#include "api/media/stored_media.hpp"
#include "api/posts/detail/post_access.hpp"
#include "api/posts/post_rules.hpp"
#include "api/posts/posts.hpp"
#include "api/views/post_view.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "http/upload.hpp"
#include "media/image_type.hpp"
#include "store/post_store.hpp"

namespace lenslet::api::posts {
namespace {

// WARNING: made outside the coroutine on purpose. ProcessOptions' member
// initialisers hold std::initializer_lists; GCC 12 cannot keep their arrays in
// a coroutine frame ("array used as initializer"), so a default argument `= {}`
// evaluated in CreatePost does not compile.
lenslet::media::ProcessOptions PostImageOptions() { return {}; }

// A refusal of one file names it ("images[2]", counting from 0 in form order),
// so the composer can mark the photo that failed, not the whole form.
[[noreturn]] void RethrowForFile(const core::Error& error, std::size_t index) {
  core::Error named(error.code(), error.message(), "images[" + std::to_string(index) + "]", error.internal());
  named.retry_after_seconds = error.retry_after_seconds;
  throw named;
}

}  // namespace

boost::asio::awaitable<http::Response> CreatePost(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  if (services.media == nullptr || !request.upload) {
    throw core::Error(core::ErrorCode::kInternal, "Uploads are not available", {}, "no media services");
  }
  api::detail::RequireWithinWriteLimit(services.post_limiter, me, "posts");
  auto& media = *services.media;
  const auto& form = *request.upload;

  // Validate the fields.
  const auto files = form.Files("images");
  if (files.empty()) core::ThrowInvalid("images", "Add at least one image");
  if (files.size() > kMaxImages) {
    throw core::Error(core::ErrorCode::kPayloadTooLarge, "A post holds at most 10 images", "images");
  }
  const auto caption = ValidateCaption(form.Field("caption").value_or(std::string_view()));
  const auto alt_fields = form.Fields("alt");
  if (!alt_fields.empty() && alt_fields.size() != files.size()) {
    core::ThrowInvalid("alt", "Give one alt text per image, or none");
  }
  std::vector<std::string> alts(files.size());
  for (std::size_t i = 0; i < alt_fields.size(); ++i) alts[i] = ValidateAlt(alt_fields[i]);

  // Decide every type by content before any decoding. Zero bytes is no type
  // at all, but the API calls it what it is: an image that cannot be decoded.
  std::vector<std::filesystem::path> paths;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (files[i]->size == 0) core::ThrowInvalid("images[" + std::to_string(i) + "]", "An image is empty");
    paths.push_back(files[i]->path);
  }
  const auto types = co_await media.files.Run([&paths] {
    std::vector<lenslet::media::ImageType> out;
    for (std::size_t i = 0; i < paths.size(); ++i) {
      try {
        out.push_back(lenslet::media::RequireImageType(media_files::ReadUploadHead(paths[i])));
      } catch (const core::Error& error) {
        RethrowForFile(error, i);
      }
    }
    return out;
  });

  std::vector<lenslet::media::ProcessedImage> processed;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    std::optional<core::Error> refused;
    try {
      processed.push_back(
          co_await lenslet::media::ProcessImageFileAsync(media.images, paths[i], types[i], PostImageOptions()));
    } catch (const core::Error& error) {
      if (error.http_status() >= 500) throw;  // not this file's fault
      refused = error;
    }
    if (refused) RethrowForFile(*refused, i);
  }

  auto stored = co_await media_files::PutImages(services, std::move(processed));
  store::NewPost post{
      .author = me, .caption = caption, .hashtags = ParseHashtags(caption), .now = core::NowMillis()};
  for (std::size_t i = 0; i < stored.images.size(); ++i) {
    auto row = stored.images[i].row;
    row.position = static_cast<int>(i);
    row.alt = alts[i];
    post.media.push_back(std::move(row));
  }
  const auto mentions = ParseMentions(caption);

  boost::json::object shown;
  std::vector<notifications::Created> notified;
  std::exception_ptr failure;
  try {
    shown = co_await services.db.Write([&](db::Connection& c) {
      notified.clear();
      const auto created = store::PostStore().Insert(c, post);
      media_files::EnsureStored(media.blobs, created.new_blobs, stored.bytes_by_key);
      detail::NotifyMentions(notified, c, me, mentions, created.id, std::nullopt, post.now);
      const auto row = store::PostStore().Load(c, created.id, me);
      return views::Post(*row);
    });
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) {
    // Outside the handler: a coroutine cannot co_await inside a catch block.
    co_await media_files::DeleteUnreferenced(services, stored.keys());
    std::rethrow_exception(failure);
  }
  co_await notifications::Push(services, std::move(notified));
  co_return http::Response::Json(201, {{"post", std::move(shown)}});
}

}  // namespace lenslet::api::posts
