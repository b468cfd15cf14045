// POST /api/v1/posts (multipart: `images` 1–10 files, `caption`, `alt` one per
// image) → 201 {post}. The body was streamed to spool files by http/ before
// this runs (RouteOptions::upload), with 422 for an 11th file, 413 for too many
// bytes. A refusal of one file names it: field "images[i]".
//
// Recipe: rate limit → fields → the images through media_files::ProcessUploads
// (sniffed by content, 415; processed on the image pool, 422 undecodable, over
// 100 MP or beyond 20:1; refusals name "images[i]") → every rendition in the
// blob store → ONE write unit: post, media, blob references, hashtags,
// users.post_count, mention notifications → 201. If anything fails after the
// files were written, they are deleted again: a failed upload leaves no row
// and no file.
#include <optional>
#include <string>

#include "api/detail/write_limits.hpp"
#include "api/media/ingest.hpp"
#include "api/posts/detail/post_access.hpp"
#include "api/posts/post_rules.hpp"
#include "api/posts/posts.hpp"
#include "api/views/post_view.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "http/upload.hpp"
#include "store/post_store.hpp"

namespace lenslet::api::posts {
namespace {

// WARNING: made outside the coroutine on purpose. ProcessOptions' member
// initialisers hold std::initializer_lists; GCC 12 cannot keep their arrays in
// a coroutine frame ("array used as initializer"), so a default argument `= {}`
// evaluated in CreatePost does not compile.
lenslet::media::ProcessOptions PostImageOptions() { return {}; }

}  // namespace

boost::asio::awaitable<http::Response> CreatePost(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  if (services.media == nullptr || !request.upload) {
    throw core::Error(core::ErrorCode::kInternal, "Uploads are not available", {}, "no media services");
  }
  co_await api::detail::RequireWithinWriteLimit(services.post_limiter, me, "posts");
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

  // Named, not a temporary in the call: see PostMessage's WARNING (GCC 12).
  auto uploads = media_files::UploadsOf(files, "images", media_files::FieldNames::kIndexed);
  auto processed = co_await media_files::ProcessUploads(services, std::move(uploads), PostImageOptions());
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

  std::vector<notifications::Created> notified;
  auto shown = co_await media_files::WriteReferencing(services, stored, [&](db::Connection& c) {
    notified.clear();
    return detail::StorePost(c, post, mentions, notified);
  });
  co_await notifications::Push(services, std::move(notified));
  co_return http::Response::Json(201, {{"post", std::move(shown)}});
}

}  // namespace lenslet::api::posts
