#include "store/audit_store.hpp"

#include <array>
#include <limits>
#include <stdexcept>

namespace lenslet::store {
namespace {

constexpr std::array<std::string_view, 6> kActionNames{"dismiss", "remove_post", "remove_comment",
                                                       "warn",    "suspend",     "unsuspend"};

constexpr std::string_view kAppend =
    "INSERT INTO moderation_audit (actor_id, action, target_type, target_id, reason, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";

const std::string kList =
    "SELECT a.id, a.actor_id, a.action, a.target_type, a.target_id, a.reason, a.created_at, u.id, " +
    UserColumns("u") +
    " FROM moderation_audit a LEFT JOIN users u ON u.id = a.actor_id "
    "WHERE a.id < $1 ORDER BY a.id DESC LIMIT $2";

}  // namespace

std::string_view ToString(AuditAction action) { return kActionNames[static_cast<std::size_t>(action)]; }

std::int64_t AuditStore::Append(db::Connection& c, const NewAuditEntry& e) const {
  return c.Exec(kAppend, e.actor, ToString(e.action), ToString(e.target.type), e.target.id, e.reason, e.now)
      .one()
      .Int(0);
}

std::vector<AuditRow> AuditStore::List(db::Connection& c, std::optional<std::int64_t> before,
                                       int limit) const {
  std::vector<AuditRow> out;
  for (const auto& row :
       c.Exec(kList, before.value_or(std::numeric_limits<std::int64_t>::max()), limit).rows) {
    AuditRow a;
    a.id = row.Int(0);
    a.actor_id = core::UserId(row.Int(1));
    a.action = row.Text(2);
    const auto type = ParseReportTarget(row.Text(3));
    if (!type) throw std::runtime_error("moderation_audit.target_type holds an unknown value");
    a.target = {*type, row.Int(4)};
    a.reason = row.Text(5);
    a.created_at = row.Int(6);
    if (!row.IsNull(7)) a.actor = ReadUserColumns(row, 8);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace lenslet::store
