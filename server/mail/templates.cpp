#include "mail/templates.hpp"

#include <array>
#include <utility>
#include <vector>

namespace lenslet::mail {
namespace {

constexpr std::array<std::pair<Template, std::string_view>, 5> kNames{{
    {Template::kPasswordReset, "password_reset"},
    {Template::kVerifyEmail, "verify_email"},
    {Template::kConfirmEmailChange, "confirm_email_change"},
    {Template::kEmailChanged, "email_changed"},
    {Template::kExportReady, "export_ready"},
}};

std::string Field(const Fields& fields, std::string_view name) {
  const auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

// One mail = a greeting, paragraphs, an optional button (link) and a footer;
// the text and HTML parts say the same.
struct Layout {
  std::string subject;
  std::string greeting_name;
  std::vector<std::string> before_link;
  std::string link_label;
  std::string link;
  std::vector<std::string> after_link;
};

Content Render(const Layout& layout) {
  Content content;
  content.subject = layout.subject;
  std::string& text = content.text;
  text = "Hi " + layout.greeting_name + ",\n\n";
  for (const auto& p : layout.before_link) text += p + "\n\n";
  if (!layout.link.empty()) text += layout.link + "\n\n";
  for (const auto& p : layout.after_link) text += p + "\n\n";
  text += "-- \nLenslet\n";

  std::string& html = content.html;
  html =
      "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" + EscapeHtml(layout.subject) +
      "</title></head>\n<body style=\"font-family: sans-serif; line-height: 1.5; color: #222;\">\n";
  html += "<p>Hi " + EscapeHtml(layout.greeting_name) + ",</p>\n";
  for (const auto& p : layout.before_link) html += "<p>" + EscapeHtml(p) + "</p>\n";
  if (!layout.link.empty()) {
    const std::string href = EscapeHtml(layout.link);
    html += "<p><a href=\"" + href +
            "\" style=\"display: inline-block; padding: 10px 16px; background: #2563eb; color: #fff; "
            "border-radius: 6px; text-decoration: none;\">" +
            EscapeHtml(layout.link_label) + "</a></p>\n";
    html += "<p style=\"font-size: 0.9em; color: #555;\">Or paste this address into your browser: " + href +
            "</p>\n";
  }
  for (const auto& p : layout.after_link) html += "<p>" + EscapeHtml(p) + "</p>\n";
  html += "<p style=\"color: #777;\">Lenslet</p>\n</body></html>\n";
  return content;
}

}  // namespace

std::string_view TemplateName(Template t) {
  for (const auto& [value, name] : kNames) {
    if (value == t) return name;
  }
  return "unknown";
}

std::optional<Template> ParseTemplate(std::string_view name) {
  for (const auto& [value, known] : kNames) {
    if (known == name) return value;
  }
  return std::nullopt;
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

Content RenderTemplate(Template t, const Fields& fields, std::string_view base_url) {
  Layout layout;
  layout.greeting_name = Field(fields, "username");
  const std::string path = Field(fields, "path");
  if (!path.empty()) layout.link = std::string(base_url) + path;
  switch (t) {
    case Template::kPasswordReset: {
      const std::string minutes = Field(fields, "minutes");
      layout.subject = "Reset your Lenslet password";
      layout.before_link = {"Someone, hopefully you, asked to reset the password of your Lenslet account. "
                            "Open this link to choose a new one (it works once, within " +
                            minutes + " minutes):"};
      layout.link_label = "Choose a new password";
      layout.after_link = {"If it was not you, ignore this mail: your password stays as it is."};
      break;
    }
    case Template::kVerifyEmail:
      layout.subject = "Confirm your email address";
      layout.before_link = {"Welcome to Lenslet! Please confirm that this address is yours:"};
      layout.link_label = "Confirm my address";
      layout.after_link = {"If you did not sign up, ignore this mail."};
      break;
    case Template::kConfirmEmailChange:
      layout.subject = "Confirm your new email address";
      layout.before_link = {"You asked to use " + Field(fields, "email") +
                            " for your Lenslet account. The change takes effect when you open this link:"};
      layout.link_label = "Use this address";
      layout.after_link = {"If you did not ask for this, ignore this mail: nothing changes."};
      break;
    case Template::kEmailChanged:
      layout.subject = "Your Lenslet email address was changed";
      layout.before_link = {"The email address of your Lenslet account is now " + Field(fields, "email") +
                            ". Mail about your account goes there from now on."};
      layout.after_link = {"If you did not make this change, contact the administrators of your Lenslet "
                           "instance at once."};
      break;
    case Template::kExportReady:
      layout.subject = "Your Lenslet export is ready";
      layout.before_link = {"The copy of your Lenslet data you asked for is ready to download until " +
                            Field(fields, "expiresAt") + ":"};
      layout.link_label = "Download my data";
      break;
  }
  return Render(layout);
}

}  // namespace lenslet::mail
