// POST /api/v1/conversations/{id}/messages → 201 {message}; the same clientId
// again → 200 with the original (nothing stored or delivered twice).
//  - JSON {text, clientId}: SendMessage, the socket door's function too;
//  - multipart (`image`: one file, `text`, `clientId`, `alt`): the image goes
//    through the media pipeline exactly like a post's — sniffed by content
//    (415), processed on the image pool with EXIF/GPS stripped (422 for an
//    undecodable image or one over 100 megapixels), renditions put in the blob
//    store — then detail::Send. Files no row references afterwards (a failure,
//    a repeated clientId) are deleted again.
// The route streams multipart bodies to spool files and reads any other body
// as JSON (http::UploadOptions::json_body_limit).
#include <fcntl.h>
#include <unistd.h>

#include <array>

#include "api/conversations/conversations.hpp"
#include "api/conversations/detail/conversation_access.hpp"
#include "api/conversations/detail/send.hpp"
#include "api/conversations/message_rules.hpp"
#include "api/detail/json_fields.hpp"
#include "api/media/ingest.hpp"
#include "api/posts/post_rules.hpp"
#include "core/error.hpp"
#include "http/json_body.hpp"
#include "http/upload.hpp"
#include "media/image_type.hpp"

namespace lenslet::api::conversations {
namespace {

// Made outside the coroutine: see the WARNING in api/posts/create_post.cpp.
lenslet::media::ProcessOptions MessageImageOptions() { return {}; }

boost::asio::awaitable<SentMessage> SendImage(Services& services, core::UserId me, core::ConversationId id,
                                              const http::UploadedForm& form) {
  if (services.media == nullptr) {
    throw core::Error(core::ErrorCode::kInternal, "Uploads are not available", {}, "no media services");
  }
  const auto files = form.Files("image");
  if (files.empty()) core::ThrowInvalid("image", "Attach an image as `image`, or send JSON {text, clientId}");
  if (files.size() > 1)
    throw core::Error(core::ErrorCode::kPayloadTooLarge, "A message holds one image", "image");
  auto text = ValidateMessageText(form.Field("text").value_or(std::string_view()), true);
  const auto raw_client_id = form.Field("clientId");
  if (!raw_client_id) core::ThrowInvalid("clientId", "clientId is required");
  auto client_id = ValidateClientId(*raw_client_id);
  const auto alt = posts::ValidateAlt(form.Field("alt").value_or(std::string_view()));
  if (files.front()->size == 0) core::ThrowInvalid("image", "The image is empty");
  if (auto original = co_await detail::ChargeMessage(services, me, id, client_id)) co_return *original;

  // Cheap refusal before the expensive part: strangers process nothing.
  co_await services.db.Read([&](db::Connection& c) { detail::RequireMembership(c, me, id); });

  auto uploads = media_files::UploadsOf(files, "image", media_files::FieldNames::kPlain);
  auto processed = co_await media_files::ProcessUploads(services, std::move(uploads), MessageImageOptions());
  auto stored = co_await media_files::PutImages(services, std::move(processed));
  stored.images.front().row.alt = alt;
  // Named, not a converted temporary in the call (see PostMessage's WARNING).
  std::optional<media_files::StoredImages> image(std::move(stored));
  co_return co_await detail::Send(services, me, id, std::move(text), std::move(client_id), std::move(image));
}

}  // namespace

boost::asio::awaitable<http::Response> PostMessage(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto id = detail::ConversationIdParam(request.Param("id"));
  SentMessage sent;
  if (request.upload) {
    sent = co_await SendImage(services, me, id, *request.upload);
  } else {
    const auto body = http::ParseJsonObject(request);
    // WARNING: a named variable, not a braced temporary in the call: GCC 12
    // frees such a temporary coroutine argument twice (ASan bad-free).
    NewMessage message;
    message.text = api::detail::RequireString(body, "text");
    message.client_id = api::detail::RequireString(body, "clientId");
    sent = co_await SendMessage(services, me, id, std::move(message));
  }
  co_return http::Response::Json(sent.created ? 201 : 200, {{"message", std::move(sent.message)}});
}

}  // namespace lenslet::api::conversations
