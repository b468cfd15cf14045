// Every URL the server answers, in one table. Each route names its action, who
// may call it and how large a body it accepts; the actions live one per file in
// the folder of their resource.
#include "api/routes.hpp"

#include "api/accounts/accounts.hpp"
#include "api/accounts/session_cookies.hpp"
#include "api/admin/sign_ups.hpp"
#include "api/conversations/conversations.hpp"
#include "api/exports/exports.hpp"
#include "api/feed/feed.hpp"
#include "api/imports/import_settings.hpp"
#include "api/imports/imports.hpp"
#include "api/media/media.hpp"
#include "api/moderation/moderation.hpp"
#include "api/notifications/notifications.hpp"
#include "api/posts/posts.hpp"
#include "api/reports/reports.hpp"
#include "api/search/search.hpp"
#include "api/system/system.hpp"
#include "api/users/users.hpp"

namespace lenslet::api {
namespace {

using http::Auth;
using http::Method;
using Action = boost::asio::awaitable<http::Response> (*)(Services&, http::Request&);

constexpr std::string_view kApi = "/api/v1";

}  // namespace

void RegisterRoutes(http::Router& router, Services& services) {
  const auto add = [&](Method method, std::string_view path, Action action, http::RouteOptions options = {}) {
    router.Add(method, std::string(kApi) + std::string(path),
               [&services, action](http::Request& request) { return action(services, request); }, options);
  };
  const http::RouteOptions signed_in{.auth = Auth::kRequired};
  const http::RouteOptions maybe_signed_in{.auth = Auth::kOptional};

  add(Method::kGet, "/health", system::Health);

  add(Method::kPost, "/auth/register", accounts::Register);
  add(Method::kPost, "/auth/login", accounts::Login);
  add(Method::kPost, "/auth/refresh", accounts::Refresh);
  add(Method::kPost, "/auth/logout", accounts::Logout, maybe_signed_in);
  add(Method::kPost, "/auth/logout-all", accounts::LogoutEverywhere, signed_in);
  add(Method::kPost, "/auth/password", accounts::ChangePassword, signed_in);
  add(Method::kGet, "/auth/me", accounts::Me, signed_in);
  add(Method::kGet, "/auth/sessions", accounts::ListSessions, signed_in);
  add(Method::kDelete, "/auth/sessions/{id}", accounts::EndSession, signed_in);
  add(Method::kPost, "/auth/token", accounts::IssueToken);
  add(Method::kPost, "/auth/token/refresh", accounts::RefreshToken);
  add(Method::kPost, "/auth/password/forgot", accounts::ForgotPassword);
  add(Method::kPost, "/auth/password/reset", accounts::ResetPassword);
  add(Method::kPost, "/auth/email/verify", accounts::VerifyEmail);
  add(Method::kPost, "/auth/email/resend", accounts::ResendVerification, signed_in);
  add(Method::kPost, "/auth/email/change", accounts::ChangeEmail, signed_in);
  add(Method::kPost, "/auth/login/2fa", accounts::CompleteTwoFactorLogin);
  add(Method::kGet, "/auth/2fa", accounts::TwoFactorStatus, signed_in);
  add(Method::kPost, "/auth/2fa/setup", accounts::SetupTwoFactor, signed_in);
  add(Method::kPost, "/auth/2fa/enable", accounts::EnableTwoFactor, signed_in);
  add(Method::kPost, "/auth/2fa/disable", accounts::DisableTwoFactor, signed_in);

  add(Method::kGet, "/users/{username}", users::GetProfile, maybe_signed_in);
  add(Method::kPatch, "/users/me", users::UpdateProfile, signed_in);
  add(Method::kDelete, "/users/me", accounts::DeleteAccount, signed_in);
  add(Method::kPost, "/users/{username}/follow", users::Follow, signed_in);
  add(Method::kDelete, "/users/{username}/follow", users::Unfollow, signed_in);
  add(Method::kPost, "/users/{username}/block", users::Block, signed_in);
  add(Method::kDelete, "/users/{username}/block", users::Unblock, signed_in);
  add(Method::kGet, "/users/{username}/followers", users::Followers, maybe_signed_in);
  add(Method::kGet, "/users/{username}/following", users::Following, maybe_signed_in);
  add(Method::kGet, "/follow-requests", users::FollowRequests, signed_in);
  add(Method::kPost, "/follow-requests/{userId}/accept", users::AcceptFollowRequest, signed_in);
  add(Method::kPost, "/follow-requests/{userId}/decline", users::DeclineFollowRequest, signed_in);
  add(Method::kPost, "/users/{username}/mute", users::Mute, signed_in);
  add(Method::kDelete, "/users/{username}/mute", users::Unmute, signed_in);
  add(Method::kGet, "/users/me/muted", users::MutedUsers, signed_in);
  add(Method::kPost, "/users/{username}/restrict", users::Restrict, signed_in);
  add(Method::kDelete, "/users/{username}/restrict", users::Unrestrict, signed_in);
  add(Method::kGet, "/users/me/restricted", users::RestrictedUsers, signed_in);
  add(Method::kGet, "/users/me/hidden-words", users::GetHiddenWords, signed_in);
  add(Method::kPut, "/users/me/hidden-words", users::UpdateHiddenWords, signed_in);
  add(Method::kPost, "/users/me/export", exports::RequestExport, signed_in);
  add(Method::kGet, "/users/me/export", exports::GetExport, signed_in);
  add(Method::kGet, "/exports/{id}/archive", exports::DownloadExport, signed_in);

  // Uploads stream to spool files (http/upload.hpp); the body limit counts the
  // whole form, the multipart limits each part.
  const auto upload = [&](std::size_t body_limit, std::size_t max_files) {
    http::RouteOptions options{.auth = Auth::kRequired, .body_limit = body_limit};
    options.upload = http::UploadOptions{
        .limits = {.max_files = max_files, .max_fields = 20, .max_file_bytes = 25u << 20, .max_field_bytes = 16u << 10},
        .spool_dir = services.media ? services.media->spool_dir : std::filesystem::path()};
    return options;
  };
  add(Method::kPost, "/posts", posts::CreatePost, upload(200u << 20, 10));
  add(Method::kGet, "/posts/{id}", posts::GetPost, maybe_signed_in);
  add(Method::kDelete, "/posts/{id}", posts::DeletePost, signed_in);
  add(Method::kPatch, "/posts/{id}", posts::EditPost, signed_in);
  add(Method::kPost, "/posts/{id}/like", posts::LikePost, signed_in);
  add(Method::kDelete, "/posts/{id}/like", posts::UnlikePost, signed_in);
  add(Method::kPost, "/posts/{id}/save", posts::SavePost, signed_in);
  add(Method::kDelete, "/posts/{id}/save", posts::UnsavePost, signed_in);
  add(Method::kGet, "/posts/{id}/comments", posts::ListComments, maybe_signed_in);
  add(Method::kPost, "/posts/{id}/comments", posts::CreateComment, signed_in);
  add(Method::kDelete, "/comments/{id}", posts::DeleteComment, signed_in);
  add(Method::kPut, "/users/me/avatar", users::UpdateAvatar, upload(30u << 20, 1));

  add(Method::kGet, "/feed", feed::HomeFeed, signed_in);
  add(Method::kGet, "/explore", feed::Explore, maybe_signed_in);
  add(Method::kGet, "/tags/{tag}", feed::TagPosts, maybe_signed_in);
  add(Method::kGet, "/users/{username}/posts", feed::UserPosts, maybe_signed_in);
  add(Method::kGet, "/saved", feed::SavedPosts, signed_in);
  add(Method::kGet, "/search", search::Search, maybe_signed_in);

  // Direct messages. A message is JSON {text, clientId} or a multipart form
  // with one `image` (25 MB): the route streams forms, reads JSON as usual.
  auto message_upload = upload(26u << 20, 1);
  message_upload.upload->json_body_limit = 64 * 1024;
  add(Method::kGet, "/conversations", conversations::ListConversations, signed_in);
  add(Method::kPost, "/conversations", conversations::CreateConversation, signed_in);
  add(Method::kGet, "/conversations/{id}", conversations::GetConversation, signed_in);
  add(Method::kDelete, "/conversations/{id}", conversations::DeleteConversation, signed_in);
  add(Method::kPost, "/conversations/{id}/accept", conversations::AcceptConversation, signed_in);
  add(Method::kPost, "/conversations/{id}/members", conversations::AddMembers, signed_in);
  add(Method::kDelete, "/conversations/{id}/members", conversations::LeaveConversation, signed_in);
  add(Method::kGet, "/conversations/{id}/messages", conversations::ListMessages, signed_in);
  add(Method::kPost, "/conversations/{id}/messages", conversations::PostMessage, message_upload);
  add(Method::kPost, "/conversations/{id}/read", conversations::MarkRead, signed_in);

  // Instagram import (issue 14.8): the archive streams to a spool file, up
  // to --import-max-bytes; the import runs in the background.
  const std::uint64_t archive_bytes = imports::Settings().max_bytes;
  auto archive = upload(archive_bytes + (64u << 10), 1);
  archive.upload->limits.max_file_bytes = archive_bytes;
  add(Method::kPost, "/imports/instagram", imports::StartInstagramImport, archive);
  add(Method::kGet, "/imports", imports::ListImports, signed_in);
  add(Method::kGet, "/imports/{id}", imports::GetImport, signed_in);

  add(Method::kGet, "/notifications", notifications::ListNotifications, signed_in);
  add(Method::kPost, "/notifications/read", notifications::MarkRead, signed_in);

  // Staff only (api/admin/staff.hpp): 404 for signed-in users who are not
  // moderators or admins; 401 when signed out, like every signed-in route,
  // so a moderator's expired token is refreshed rather than taken for "no".
  add(Method::kGet, "/admin/users", admin::ListUsers, signed_in);
  add(Method::kPost, "/admin/users/{username}/approve", admin::ApproveUser, signed_in);
  add(Method::kPost, "/admin/users/{username}/reject", admin::RejectUser, signed_in);
  add(Method::kGet, "/admin/invites", admin::ListInvites, signed_in);
  add(Method::kPost, "/admin/invites", admin::CreateInvite, signed_in);
  add(Method::kDelete, "/admin/invites/{code}", admin::DeleteInvite, signed_in);
  add(Method::kGet, "/admin/server/metrics", admin::ServerMetrics, signed_in);

  // Reports and moderation (issue 13.2, 13.3); staff routes as above.
  add(Method::kPost, "/reports", reports::CreateReport, signed_in);
  add(Method::kGet, "/admin/reports", moderation::ListReports, signed_in);
  add(Method::kPost, "/admin/reports/{id}/resolve", moderation::ResolveReport, signed_in);
  add(Method::kDelete, "/admin/posts/{id}", moderation::RemovePost, signed_in);
  add(Method::kDelete, "/admin/comments/{id}", moderation::RemoveComment, signed_in);
  add(Method::kPost, "/admin/users/{username}/suspend", moderation::SuspendUser, signed_in);
  add(Method::kDelete, "/admin/users/{username}/suspend", moderation::LiftSuspension, signed_in);
  add(Method::kGet, "/admin/audit", moderation::AuditLog, signed_in);
}

void RegisterMediaRoutes(http::Router& router, Services& services) {
  // Capability URLs: no session (see api/media/serve_media.cpp). HEAD falls back to GET.
  router.Add(Method::kGet, "/media/{key...}",
             [&services](http::Request& request) { return media_files::ServeMedia(services, request); });
}

http::Authenticator MakeAuthenticator(Services& services) {
  return [&services](const http::Request& request) -> boost::asio::awaitable<std::optional<http::Principal>> {
    auto token = accounts::AccessTokenOf(request);
    if (!token || token->empty()) co_return std::nullopt;
    const auto identity = co_await services.auth.Authenticate(std::move(*token));
    if (!identity) co_return std::nullopt;
    co_return http::Principal{.user = identity->user, .session = identity->session};
  };
}

}  // namespace lenslet::api
