// PUT /api/v1/users/me/avatar (multipart field `avatar`, one image) → 200
// {user} (the caller's own view). Limited per user (--avatar-limit, 429 +
// Retry-After): each upload costs a decode and an encode on the image pool.
// The image goes through media_files::ProcessUploads like any other (sniffed by
// content, 415; processed in avatar mode: centre square, 320/160, metadata
// stripped; 422 when undecodable) and only its largest square JPEG is stored:
// one file, the one avatarUrl names. The previous avatar's file is deleted once
// the unit commits.
#include <algorithm>
#include <utility>

#include "api/detail/write_limits.hpp"
#include "api/media/ingest.hpp"
#include "api/users/users.hpp"
#include "api/views/user_view.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "http/upload.hpp"
#include "media/image_processor.hpp"
#include "store/media_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::users {
namespace {

// Outside the coroutine: see PostImageOptions in api/posts/create_post.cpp
// (GCC 12 and initializer_list arrays in a coroutine frame).
lenslet::media::ProcessOptions AvatarOptions() {
  lenslet::media::ProcessOptions options;
  options.mode = lenslet::media::VariantMode::kAvatar;
  return options;
}

// Keeps only the rendition an avatar is served as: the largest square JPEG
// (variants come largest first).
void KeepLargestJpeg(lenslet::media::ProcessedImage& image) {
  auto chosen = std::find_if(image.variants.begin(), image.variants.end(),
                             [](const auto& v) { return v.mime_type == "image/jpeg"; });
  if (chosen == image.variants.end()) {
    throw core::Error(core::ErrorCode::kInternal, "The image could not be processed", {}, "no JPEG variant");
  }
  auto kept = std::move(*chosen);
  image.variants.clear();
  image.variants.push_back(std::move(kept));
}

}  // namespace

boost::asio::awaitable<http::Response> UpdateAvatar(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  if (services.media == nullptr || !request.upload) {
    throw core::Error(core::ErrorCode::kInternal, "Uploads are not available", {}, "no media services");
  }
  co_await api::detail::RequireWithinWriteLimit(services.avatar_limiter, me, "avatar changes");
  const auto files = request.upload->Files("avatar");
  if (files.size() != 1) core::ThrowInvalid("avatar", "Send one image as `avatar`");

  auto uploads = media_files::UploadsOf(files, "avatar", media_files::FieldNames::kPlain);
  auto images = co_await media_files::ProcessUploads(services, std::move(uploads), AvatarOptions());
  KeepLargestJpeg(images.front());
  auto stored = co_await media_files::PutImages(services, std::move(images));
  const auto key = stored.images.front().row.variants.front().key;

  const auto now = core::NowMillis();
  auto result = co_await media_files::WriteReferencing(services, stored, [&](db::Connection& c) {
    auto released = store::MediaStore().ReplaceAvatar(c, me, key, now);
    const auto user = store::UserStore().FindById(c, me);
    if (!user) core::ThrowNotFound("No such user");
    return std::pair(std::move(released), views::OwnUser(*user));
  });
  co_await media_files::DeleteUnreferenced(services, std::move(result.first));
  co_return http::Response::Json(200, {{"user", std::move(result.second)}});
}

}  // namespace lenslet::api::users
