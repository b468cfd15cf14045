#pragma once
// Reports (issue 13.2): someone tells the moderators about a post, comment,
// user or message. Open reports of a target form one item of the moderation
// queue; resolving a target resolves all of its open reports at once.
//
// A report is made at most once while it is open: the same reporter and
// target again finds the open report (a partial unique index, so a race of
// two requests stores one row). A message report copies that message and at
// most the 10 before it (report_messages), so the context survives deletion.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {

// Stored and sent by their wire names (API.md).
enum class ReportTarget { kPost, kComment, kUser, kMessage };
std::string_view ToString(ReportTarget type);
std::optional<ReportTarget> ParseReportTarget(std::string_view text);

// How an open report ended: a moderator's action, or kDeleted when the content
// went by its author's (or a cascade's) hand.
enum class Resolution { kDismiss, kRemove, kSuspend, kWarn, kDeleted };
std::string_view ToString(Resolution resolution);
std::optional<Resolution> ParseResolution(std::string_view text);

// Reason names as API.md lists them; validated by the caller.
bool IsReportReason(std::string_view text);

struct TargetRef {
  ReportTarget type = ReportTarget::kPost;
  std::int64_t id = 0;
  bool operator==(const TargetRef&) const = default;
};

struct NewReport {
  core::UserId reporter;
  TargetRef target;
  std::string reason;
  std::string note;
  core::Millis now = 0;
};

struct CreatedReport {
  std::int64_t id = 0;
  bool created = false;  // false: the reporter's open report of that target
};

struct ReportRow {
  std::int64_t id = 0;
  TargetRef target;
  PublicUserRow reporter;
  std::string reason;
  std::string note;
  bool open = true;
  std::optional<Resolution> resolution;
  std::optional<core::Millis> resolved_at;
  core::Millis created_at = 0;
};

// One item of the queue: a target with its reports of the asked status.
struct QueueItem {
  TargetRef target;
  std::int64_t latest_report = 0;  // the keyset position (newest first)
  std::int64_t count = 0;
};

struct SnapshotMessage {
  core::MessageId id;
  std::optional<PublicUserRow> sender;  // nullopt once the account is gone
  std::string text;
  bool had_image = false;
  core::Millis created_at = 0;
};

// At most this many messages before the reported one are kept.
inline constexpr int kSnapshotMessagesBefore = 10;
// At most this many reports are listed per queue item (count has them all).
inline constexpr int kReportsPerItem = 20;

class ReportStore {
 public:
  // Inserts the report unless the reporter has an open one of that target,
  // which is returned instead.
  CreatedReport Create(db::Connection& c, const NewReport& report) const;
  // Copies `message` and at most kSnapshotMessagesBefore messages before it in
  // `conversation` into the report. One statement.
  void SnapshotMessages(db::Connection& c, std::int64_t report, core::ConversationId conversation,
                        core::MessageId message) const;

  // The target of report `id`, and whether it is open; nullopt when unknown.
  struct Header {
    TargetRef target;
    bool open = true;
  };
  std::optional<Header> FindHeader(db::Connection& c, std::int64_t id) const;

  // Resolves every open report of `target`; returns how many.
  std::int64_t Resolve(db::Connection& c, const TargetRef& target, Resolution resolution,
                       std::optional<core::UserId> by, core::Millis now) const;
  // The content is gone (store/post_store.cpp, comment_store.cpp call these in
  // the unit that deletes it): its open reports are resolved as kDeleted, a
  // post's together with those of its comments. A deleted post's or comment's
  // id is never given again (migrations 0022 and 0023), so a report, open or
  // resolved, never names new content.
  void CloseForPost(db::Connection& c, core::PostId post) const;
  void CloseForComment(db::Connection& c, core::CommentId comment) const;

  // The queue: targets with reports of that status (open or resolved), the
  // one with the newest report first, below `before_report` (all when
  // nullopt). One statement.
  std::vector<QueueItem> Queue(db::Connection& c, bool open, std::optional<std::int64_t> before_report,
                               int limit) const;
  // The reports (newest first, at most kReportsPerItem each) of `targets` with
  // that status. One statement whatever the number of targets.
  std::vector<ReportRow> ReportsOf(db::Connection& c, std::span<const TargetRef> targets, bool open) const;
  // The message snapshot of each report in `reports` (oldest message first). One statement.
  std::vector<std::pair<std::int64_t, SnapshotMessage>> Snapshots(
      db::Connection& c, std::span<const std::int64_t> reports) const;
  // Whose the target is (a post's or comment's author, the user, a message's
  // sender) and, for a message, its conversation; nullopt when it does not
  // exist. One statement.
  struct Owner {
    core::UserId user;
    std::optional<core::ConversationId> conversation;
    std::optional<core::PostId> post;  // a comment's post
  };
  std::optional<Owner> OwnerOf(db::Connection& c, const TargetRef& target) const;
  // Users by id for the queue's previews (public columns only). One statement.
  std::vector<PublicUserRow> Users(db::Connection& c, std::span<const core::UserId> ids) const;
};

}  // namespace lenslet::store
