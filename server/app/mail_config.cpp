#include "app/mail_config.hpp"

#include <CLI/CLI.hpp>

namespace lenslet::app {

void AddMailOptions(CLI::App& cmd, MailConfig& mail) {
  cmd.add_option_function<std::string>(
         "--smtp-url", [&mail](const std::string& url) { mail.smtp_url = core::Secret(url); },
         "smtp://user:pass@host:port (STARTTLS when offered) or smtps://… (TLS) to send mail through; "
         "default: mails are written to the log (development)")
      ->envname("LENSLET_SMTP_URL")
      ->check([](const std::string& url) {
        return url.starts_with("smtp://") || url.starts_with("smtps://") ? std::string()
                                                                         : std::string("must start with smtp:// or smtps://");
      });
  cmd.add_option("--mail-from", mail.from,
                 "Sender address of mails (default: lenslet@<host of --public-url>, else lenslet@localhost)")
      ->envname("LENSLET_MAIL_FROM")
      ->check([](const std::string& from) {
        const bool ok = from.find('@') != std::string::npos &&
                        from.find_first_of("<>\r\n \"") == std::string::npos;
        return ok ? std::string() : std::string("must be a plain address like noreply@example.org");
      });
  cmd.add_option_function<long>(
         "--mail-retry-ms", [&mail](long v) { mail.first_retry = std::chrono::milliseconds(v); },
         "Wait before retrying a mail the SMTP server did not take, doubled each time up to an hour "
         "(default 30000)")
      ->envname("LENSLET_MAIL_RETRY_MS")
      ->check(CLI::PositiveNumber);
  cmd.add_option("--reset-token-ttl-ms", mail.reset_token_ttl_ms, "Lifetime of a mailed password reset link")
      ->envname("LENSLET_RESET_TOKEN_TTL_MS")
      ->check(CLI::Range(1'000LL, 24LL * 60 * 60'000))
      ->capture_default_str();
  cmd.add_option("--verify-token-ttl-ms", mail.verify_token_ttl_ms,
                 "Lifetime of a mailed link that confirms an address (sign-up, change of address)")
      ->envname("LENSLET_VERIFY_TOKEN_TTL_MS")
      ->check(CLI::Range(1'000LL, 30LL * 24 * 60 * 60'000))
      ->capture_default_str();
  cmd.add_option("--password-reset-limit", mail.reset_limit_per_address,
                 "Password reset requests per client address per hour")
      ->envname("LENSLET_PASSWORD_RESET_LIMIT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option("--account-mail-limit", mail.mail_limit_per_account,
                 "Mails one account may ask for per hour: password resets (counted per address asked "
                 "for), confirmation resends and changes of address")
      ->envname("LENSLET_ACCOUNT_MAIL_LIMIT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
}

std::string EffectiveMailFrom(const MailConfig& mail, const std::string& public_url) {
  if (!mail.from.empty()) return mail.from;
  const auto scheme_end = public_url.find("://");
  if (scheme_end == std::string::npos) return "lenslet@localhost";
  std::string host = public_url.substr(scheme_end + 3);
  host = host.substr(0, host.find_first_of(":/"));
  return "lenslet@" + (host.empty() ? std::string("localhost") : host);
}

}  // namespace lenslet::app
