#pragma once
// The moderation audit log (issue 13.3): who did what to which target, why
// and when. Append-only: this store has no update and no delete, and the
// table's triggers refuse them (migration 0012). Every moderation action
// appends its entry in the same unit as the action itself.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/report_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {

enum class AuditAction { kDismiss, kRemovePost, kRemoveComment, kWarn, kSuspend, kUnsuspend };
std::string_view ToString(AuditAction action);

struct NewAuditEntry {
  core::UserId actor;
  AuditAction action = AuditAction::kDismiss;
  TargetRef target;
  std::string reason;
  core::Millis now = 0;
};

struct AuditRow {
  std::int64_t id = 0;
  core::UserId actor_id;
  std::optional<PublicUserRow> actor;  // nullopt once the account is gone
  std::string action;
  TargetRef target;
  std::string reason;
  core::Millis created_at = 0;
};

class AuditStore {
 public:
  // Returns the entry's id (notifications about the action name it).
  std::int64_t Append(db::Connection& c, const NewAuditEntry& entry) const;
  // Newest first, ids below `before` (all when nullopt). One statement.
  std::vector<AuditRow> List(db::Connection& c, std::optional<std::int64_t> before, int limit) const;
};

}  // namespace lenslet::store
