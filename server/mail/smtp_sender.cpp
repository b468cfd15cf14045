// SMTP through libcurl: it speaks the protocol (EHLO, AUTH, STARTTLS, MAIL,
// RCPT, DATA with dot-stuffing); we hand it the finished message bytes.
#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <stdexcept>

#include "mail/sender.hpp"

namespace lenslet::mail {
namespace {

void InitCurlOnce() {
  static std::once_flag once;
  // Not thread-safe itself, hence once; before any worker thread uses curl.
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload {
  std::string_view bytes;
  std::size_t offset = 0;
};

std::size_t ReadChunk(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->bytes.size() - upload->offset);
  std::memcpy(buffer, upload->bytes.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

// The password part of the URL's userinfo, to scrub from any error text.
std::string PasswordOf(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return {};
  const auto at = url.find('@', scheme_end + 3);
  if (at == std::string::npos) return {};
  const auto colon = url.find(':', scheme_end + 3);
  if (colon == std::string::npos || colon > at) return {};
  return url.substr(colon + 1, at - colon - 1);
}

std::string Scrub(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

class SmtpSender final : public Sender {
 public:
  explicit SmtpSender(SmtpOptions options) : options_(std::move(options)) {
    const std::string& url = options_.url.Reveal();
    if (!url.starts_with("smtp://") && !url.starts_with("smtps://")) {
      throw std::invalid_argument("--smtp-url must start with smtp:// or smtps://");
    }
    password_ = PasswordOf(url);
    InitCurlOnce();
  }

  void Send(const Message& message) override {
    const std::string bytes = RenderMessage(message);
    CURL* curl = curl_easy_init();
    if (!curl) throw SendError("curl_easy_init failed", false);
    Upload upload{bytes};
    char error[CURL_ERROR_SIZE] = {0};
    curl_slist* recipients = curl_slist_append(nullptr, ("<" + message.to + ">").c_str());
    const std::string from = "<" + message.from + ">";
    curl_easy_setopt(curl, CURLOPT_URL, options_.url.Reveal().c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadChunk);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    // Worker threads: no signals (curl's DNS timeouts would use SIGALRM).
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, options_.timeout_ms);
    // smtp://: STARTTLS when offered; smtps:// is TLS anyway.
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    const CURLcode code = curl_easy_perform(curl);
    long reply = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    if (code == CURLE_OK) return;
    std::string what = error[0] ? error : curl_easy_strerror(code);
    if (reply > 0) what += " (SMTP " + std::to_string(reply) + ")";
    // WARNING: curl's messages may quote what it sent; never let the password through.
    throw SendError(Scrub(std::move(what), password_), reply >= 500 && reply < 600);
  }

 private:
  SmtpOptions options_;
  std::string password_;
};

class LogSender final : public Sender {
 public:
  void Send(const Message& message) override {
    spdlog::info("mail (no --smtp-url: logged, not sent) to {}: {}\n{}", message.to, message.subject,
                 message.text);
  }
};

}  // namespace

std::unique_ptr<Sender> MakeSmtpSender(SmtpOptions options) { return std::make_unique<SmtpSender>(std::move(options)); }

std::unique_ptr<Sender> MakeLogSender() { return std::make_unique<LogSender>(); }

std::string RedactUrl(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  const auto at = url.find('@', scheme_end + 3);
  const auto colon = url.find(':', scheme_end + 3);
  if (at == std::string::npos || colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace lenslet::mail
