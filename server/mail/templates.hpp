#pragma once
// The mails Lenslet sends, by name. A row of the outbox holds a template and
// its fields; the text is made when the mail is sent, so the link's origin
// (--public-url) and the wording are those of the sending instance.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace lenslet::mail {

enum class Template {
  kPasswordReset,       // fields: username, path (with the token), minutes
  kVerifyEmail,         // fields: username, path
  kConfirmEmailChange,  // fields: username, path, email (the new address); sent to the new address
  kEmailChanged,        // fields: username, email (the new address); sent to the old address
  kExportReady,         // fields: username, path (where to download), expiresAt (ISO 8601)
};

using Fields = std::map<std::string, std::string, std::less<>>;

std::string_view TemplateName(Template t);
std::optional<Template> ParseTemplate(std::string_view name);

struct Content {
  std::string subject;
  std::string text;
  std::string html;
};

// `base_url` is the public origin without a trailing slash; a field "path"
// becomes the link base_url + path. Missing fields render as empty text.
Content RenderTemplate(Template t, const Fields& fields, std::string_view base_url);

// Escapes text for HTML element content and attribute values.
std::string EscapeHtml(std::string_view text);

}  // namespace lenslet::mail
