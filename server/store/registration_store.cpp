#include "store/registration_store.hpp"

#include "core/error.hpp"

namespace lenslet::store {
namespace {

constexpr std::string_view kLockSignUps = "UPDATE registration_gate SET sign_ups = sign_ups + 1 WHERE id = 1";

#define LENSLET_PENDING_COLUMNS "id, username, email, password_hash, display_name, created_at"

constexpr std::string_view kPendingUsernameExists = "SELECT 1 FROM pending_accounts WHERE lower(username) = lower($1)";
constexpr std::string_view kPendingEmailExists = "SELECT 1 FROM pending_accounts WHERE lower(email) = lower($1)";
constexpr std::string_view kInsertPending =
    "INSERT INTO pending_accounts (username, email, password_hash, display_name, created_at) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING " LENSLET_PENDING_COLUMNS;
constexpr std::string_view kFindPendingByUsername =
    "SELECT " LENSLET_PENDING_COLUMNS " FROM pending_accounts WHERE lower(username) = lower($1)";
constexpr std::string_view kFindPendingByEmail =
    "SELECT " LENSLET_PENDING_COLUMNS " FROM pending_accounts WHERE lower(email) = lower($1)";
constexpr std::string_view kListPendingFirst =
    "SELECT " LENSLET_PENDING_COLUMNS " FROM pending_accounts ORDER BY id LIMIT $1";
constexpr std::string_view kListPendingAfter =
    "SELECT " LENSLET_PENDING_COLUMNS " FROM pending_accounts WHERE id > $1 ORDER BY id LIMIT $2";
constexpr std::string_view kDeletePending = "DELETE FROM pending_accounts WHERE id = $1";

#undef LENSLET_PENDING_COLUMNS

PendingAccountRow ReadPending(const db::Row& r) {
  return PendingAccountRow{
      .id = PendingAccountId(r.Int(0)),
      .username = r.Text(1),
      .email = r.Text(2),
      .password_hash = core::Secret(r.Text(3)),
      .display_name = r.Text(4),
      .created_at = r.Int(5),
  };
}

std::optional<PendingAccountRow> FindOnePending(db::Connection& c, std::string_view sql, std::string_view arg) {
  const auto row = c.Exec(sql, arg).first();
  if (!row) return std::nullopt;
  return ReadPending(*row);
}

// The creator's username comes with the row: one statement for a page.
#define LENSLET_INVITE_COLUMNS \
  "i.id, i.code, u.username, i.uses, i.uses_left, i.expires_at, i.created_at"

constexpr std::string_view kInsertInvite =
    "INSERT INTO invites (code, created_by, uses, uses_left, expires_at, created_at) "
    "VALUES ($1, $2, $3, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id";
constexpr std::string_view kFindInviteById =
    "SELECT " LENSLET_INVITE_COLUMNS " FROM invites i LEFT JOIN users u ON u.id = i.created_by WHERE i.id = $1";
// WARNING: the conditions are the race guard. On PostgreSQL a concurrent
// redemption of the same code waits for the row lock and re-checks them
// against the committed row, so the last use is taken exactly once.
constexpr std::string_view kRedeemInvite =
    "UPDATE invites SET uses_left = uses_left - 1 WHERE code = $1 AND uses_left > 0 AND expires_at > $2";
constexpr std::string_view kInviteState = "SELECT uses_left, expires_at FROM invites WHERE code = $1";
constexpr std::string_view kListInvitesFirst =
    "SELECT " LENSLET_INVITE_COLUMNS
    " FROM invites i LEFT JOIN users u ON u.id = i.created_by ORDER BY i.id DESC LIMIT $1";
constexpr std::string_view kListInvitesBefore =
    "SELECT " LENSLET_INVITE_COLUMNS
    " FROM invites i LEFT JOIN users u ON u.id = i.created_by WHERE i.id < $1 ORDER BY i.id DESC LIMIT $2";
constexpr std::string_view kDeleteInvite = "DELETE FROM invites WHERE code = $1";

#undef LENSLET_INVITE_COLUMNS

InviteRow ReadInvite(const db::Row& r) {
  return InviteRow{
      .id = InviteId(r.Int(0)),
      .code = r.Text(1),
      .created_by = r.OptText(2),
      .uses = static_cast<int>(r.Int(3)),
      .uses_left = static_cast<int>(r.Int(4)),
      .expires_at = r.Int(5),
      .created_at = r.Int(6),
  };
}

}  // namespace

void RegistrationStore::LockSignUps(db::Connection& c) const { c.Exec(kLockSignUps); }

void RegistrationStore::ThrowIfPendingHolds(db::Connection& c, std::string_view username,
                                            std::string_view email) const {
  if (!c.Exec(kPendingUsernameExists, username).empty()) {
    throw core::Error(core::ErrorCode::kUsernameTaken, "That username is already taken", "username");
  }
  if (!c.Exec(kPendingEmailExists, email).empty()) {
    throw core::Error(core::ErrorCode::kEmailTaken, "An account with that email already exists", "email");
  }
}

PendingAccountRow RegistrationStore::InsertPending(db::Connection& c, const NewPendingAccount& account) const {
  ThrowIfPendingHolds(c, account.username, account.email);
  return ReadPending(
      c.Exec(kInsertPending, account.username, account.email, account.password_hash, account.display_name,
             account.now)
          .one());
}

std::optional<PendingAccountRow> RegistrationStore::FindPendingByLogin(db::Connection& c,
                                                                       std::string_view login) const {
  if (login.find('@') != std::string_view::npos) return FindOnePending(c, kFindPendingByEmail, login);
  return FindOnePending(c, kFindPendingByUsername, login);
}

std::optional<PendingAccountRow> RegistrationStore::FindPendingByUsername(db::Connection& c,
                                                                          std::string_view username) const {
  return FindOnePending(c, kFindPendingByUsername, username);
}

std::vector<PendingAccountRow> RegistrationStore::ListPending(db::Connection& c,
                                                              std::optional<PendingAccountId> after,
                                                              int limit) const {
  const auto result = after ? c.Exec(kListPendingAfter, *after, limit) : c.Exec(kListPendingFirst, limit);
  std::vector<PendingAccountRow> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) out.push_back(ReadPending(row));
  return out;
}

bool RegistrationStore::DeletePending(db::Connection& c, PendingAccountId id) const {
  return c.Exec(kDeletePending, id).affected > 0;
}

InviteRow InviteStore::Insert(db::Connection& c, const NewInvite& invite) const {
  const auto id = c.Exec(kInsertInvite, invite.code, invite.created_by, invite.uses, invite.expires_at, invite.now)
                      .first();
  if (!id) throw core::Error(core::ErrorCode::kConflict, "That invite code exists", {}, "invite code collision");
  return ReadInvite(c.Exec(kFindInviteById, id->Int(0)).one());
}

Redemption InviteStore::Redeem(db::Connection& c, std::string_view code, core::Millis now) const {
  if (c.Exec(kRedeemInvite, code, now).affected > 0) return Redemption::kRedeemed;
  const auto state = c.Exec(kInviteState, code).first();
  if (!state) return Redemption::kUnknown;
  if (state->Int(1) <= now) return Redemption::kExpired;
  return Redemption::kUsedUp;
}

std::vector<InviteRow> InviteStore::List(db::Connection& c, std::optional<InviteId> before, int limit) const {
  const auto result = before ? c.Exec(kListInvitesBefore, *before, limit) : c.Exec(kListInvitesFirst, limit);
  std::vector<InviteRow> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) out.push_back(ReadInvite(row));
  return out;
}

bool InviteStore::Delete(db::Connection& c, std::string_view code) const {
  return c.Exec(kDeleteInvite, code).affected > 0;
}

}  // namespace lenslet::store
