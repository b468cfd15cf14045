#pragma once
// Where a rendered mail goes: an SMTP server (SmtpSender, libcurl) or, in
// development without --smtp-url, the log (LogSender). Send blocks: the worker
// calls it on its own pool, never on a network thread.
#include <memory>
#include <stdexcept>
#include <string>

#include "core/secret.hpp"
#include "mail/message.hpp"

namespace lenslet::mail {

// A mail the server did not take. `permanent`: it said no for good (an SMTP
// 5xx, e.g. an unknown recipient), so retrying would not help.
class SendError : public std::runtime_error {
 public:
  SendError(const std::string& what, bool permanent) : std::runtime_error(what), permanent_(permanent) {}
  bool permanent() const { return permanent_; }

 private:
  bool permanent_;
};

class Sender {
 public:
  virtual ~Sender() = default;
  // Throws SendError; its message never holds a credential.
  virtual void Send(const Message& message) = 0;
};

struct SmtpOptions {
  // smtp://[user:pass@]host[:port][/helo-domain], or smtps:// for TLS from the
  // first byte. smtp:// upgrades with STARTTLS when the server offers it.
  core::Secret url;
  long connect_timeout_ms = 10'000;
  long timeout_ms = 60'000;  // the whole conversation
};

// Throws std::invalid_argument for a URL that is not smtp:// or smtps://.
std::unique_ptr<Sender> MakeSmtpSender(SmtpOptions options);

// Development: prints each mail's recipient, subject and text part (links
// included: the developer needs them) at info level instead of sending it.
std::unique_ptr<Sender> MakeLogSender();

// The URL with any password replaced by "***", for start-up log lines.
std::string RedactUrl(const std::string& url);

}  // namespace lenslet::mail
