#pragma once
// The flags of mail and of the mailed links (issue 14.1, 14.2), kept beside
// config.hpp so the mail feature's settings read as one block.
#include <chrono>
#include <string>

#include "core/secret.hpp"
#include "core/time.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace lenslet::app {

struct MailConfig {
  // smtp://user:pass@host:port or smtps://…; empty: mails go to the log.
  core::Secret smtp_url;
  std::string from;  // empty: lenslet@<host of --public-url>, or lenslet@localhost
  std::chrono::milliseconds first_retry{30'000};  // then doubled per attempt, at most an hour
  core::Millis reset_token_ttl_ms = 30 * 60'000;
  core::Millis verify_token_ttl_ms = 24LL * 60 * 60'000;
  int reset_limit_per_address = 10;  // password reset requests per client address per hour
  int mail_limit_per_account = 5;    // resets, resends and address changes per account per hour
};

void AddMailOptions(CLI::App& cmd, MailConfig& mail);

// --mail-from, or its default for this public URL.
std::string EffectiveMailFrom(const MailConfig& mail, const std::string& public_url);

}  // namespace lenslet::app
