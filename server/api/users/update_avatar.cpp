// PUT /api/v1/users/me/avatar (multipart field `avatar`, one image) → 200
// {user} (the caller's own view). The image is sniffed by content (415),
// processed in avatar mode (centre square, 320/160, metadata stripped; 422 when
// undecodable) and its largest square JPEG becomes avatar_key: one file, the
// one avatarUrl names. The previous avatar's file is deleted once nobody
// references it.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <tuple>

#include "api/media/stored_media.hpp"
#include "api/users/users.hpp"
#include "api/views/user_view.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "http/upload.hpp"
#include "media/image_processor.hpp"
#include "media/image_type.hpp"
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

}  // namespace

boost::asio::awaitable<http::Response> UpdateAvatar(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  if (services.media == nullptr || !request.upload) {
    throw core::Error(core::ErrorCode::kInternal, "Uploads are not available", {}, "no media services");
  }
  auto& media = *services.media;
  const auto files = request.upload->Files("avatar");
  if (files.size() != 1) core::ThrowInvalid("avatar", "Send one image as `avatar`");
  if (files.front()->size == 0) core::ThrowInvalid("avatar", "The image is empty");
  const auto path = files.front()->path;

  const auto type = co_await media.files.Run(
      [&path] { return lenslet::media::RequireImageType(media_files::ReadUploadHead(path)); });
  auto image = co_await lenslet::media::ProcessImageFileAsync(media.images, path, type, AvatarOptions());
  // Largest first: the first JPEG is the largest square.
  auto chosen = std::find_if(image.variants.begin(), image.variants.end(),
                             [](const auto& v) { return v.mime_type == "image/jpeg"; });
  if (chosen == image.variants.end()) chosen = image.variants.begin();
  if (chosen == image.variants.end()) {
    throw core::Error(core::ErrorCode::kInternal, "The image could not be processed", {}, "no variants");
  }
  const auto bytes = std::move(chosen->bytes);
  const std::string extension(chosen->extension);
  const auto key = co_await media.files.Run([&] { return media.blobs.Put(bytes, extension); });

  const auto now = core::NowMillis();
  std::vector<std::string> released;
  boost::json::object shown;
  std::exception_ptr failure;
  try {
    std::tie(released, shown) = co_await services.db.Write([&](db::Connection& c) {
      auto released = store::MediaStore().ReplaceAvatar(c, me, key, now);
      // A concurrent release may have deleted the same bytes a moment ago.
      if (!media.blobs.Exists(key)) media.blobs.Put(bytes, extension);
      const auto user = store::UserStore().FindById(c, me);
      if (!user) core::ThrowNotFound("No such user");
      return std::pair(std::move(released), views::OwnUser(*user));
    });
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) {
    co_await media_files::DeleteUnreferenced(services, std::vector<std::string>(1, key));
    std::rethrow_exception(failure);
  }
  co_await media_files::DeleteUnreferenced(services, std::move(released));
  co_return http::Response::Json(200, {{"user", std::move(shown)}});
}

}  // namespace lenslet::api::users
