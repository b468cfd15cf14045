#pragma once
// Accounts and sessions (API.md "Authentication"): one action per file in this
// folder, each a recipe: parse → validate → call auth::AuthService → respond.
#include <boost/asio/awaitable.hpp>

#include "api/services.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace lenslet::api::accounts {

using Action = boost::asio::awaitable<http::Response>(Services&, http::Request&);

Action Register;       // POST /auth/register
Action Login;          // POST /auth/login
Action Refresh;        // POST /auth/refresh
Action Logout;         // POST /auth/logout
Action Me;             // GET  /auth/me
Action IssueToken;     // POST /auth/token          (clients that are not browsers)
Action RefreshToken;   // POST /auth/token/refresh
Action LogoutEverywhere;  // POST /auth/logout-all
Action ChangePassword;    // POST /auth/password
Action ListSessions;      // GET    /auth/sessions
Action EndSession;        // DELETE /auth/sessions/{id}
Action DeleteAccount;     // DELETE /users/me
// Mailed links (issue 14.2): account_mail.cpp.
Action ForgotPassword;      // POST /auth/password/forgot
Action ResetPassword;       // POST /auth/password/reset
Action VerifyEmail;         // POST /auth/email/verify
Action ResendVerification;  // POST /auth/email/resend
Action ChangeEmail;         // POST /auth/email/change
Action CompleteTwoFactorLogin;  // POST /auth/login/2fa
Action TwoFactorStatus;         // GET  /auth/2fa
Action SetupTwoFactor;          // POST /auth/2fa/setup
Action EnableTwoFactor;         // POST /auth/2fa/enable
Action DisableTwoFactor;        // POST /auth/2fa/disable

}  // namespace lenslet::api::accounts
