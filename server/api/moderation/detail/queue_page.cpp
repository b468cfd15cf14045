#include "api/moderation/detail/queue_page.hpp"

#include <map>
#include <unordered_map>

#include "api/views/post_view.hpp"
#include "api/views/user_view.hpp"
#include "core/time.hpp"
#include "store/comment_store.hpp"
#include "store/post_store.hpp"
#include "store/report_store.hpp"

namespace lenslet::api::moderation::detail {
namespace {

using store::ReportTarget;
using Key = std::pair<int, std::int64_t>;  // (type, id)

Key KeyOf(const store::TargetRef& t) { return {static_cast<int>(t.type), t.id}; }

boost::json::object Report(const store::ReportRow& r) {
  boost::json::object out{
      {"id", std::to_string(r.id)},
      {"reporter", views::Author(r.reporter)},
      {"reason", r.reason},
      {"note", r.note},
      {"status", r.open ? "open" : "resolved"},
      {"createdAt", core::ToIso8601(r.created_at)},
  };
  if (r.resolution) out["resolution"] = store::ToString(*r.resolution);
  if (r.resolved_at) out["resolvedAt"] = core::ToIso8601(*r.resolved_at);
  return out;
}

boost::json::object PostPreview(const store::PostRow& post) {
  boost::json::value image = nullptr;
  if (!post.media.empty() && !post.media.front().variants.empty()) {
    image = views::MediaUrl(post.media.front().variants.front().key);
  }
  return {{"caption", post.caption},
          {"imageUrl", image},
          {"author", views::Author(post.author)},
          {"createdAt", core::ToIso8601(post.created_at)}};
}

boost::json::object CommentPreview(const store::CommentRow& comment) {
  return {{"text", comment.text},
          {"postId", comment.post.ToString()},
          {"author", views::Author(comment.author)},
          {"createdAt", core::ToIso8601(comment.created_at)}};
}

boost::json::object SnapshotMessage(const store::SnapshotMessage& m) {
  return {{"id", m.id.ToString()},
          {"sender", m.sender ? boost::json::value(views::Author(*m.sender)) : boost::json::value(nullptr)},
          {"text", m.text},
          {"hadImage", m.had_image},
          {"createdAt", core::ToIso8601(m.created_at)},
          {"reported", false}};
}

}  // namespace

boost::json::object QueuePage(db::Connection& c, core::UserId viewer, bool open,
                              const api::detail::PageRequest& page) {
  const store::ReportStore reports;
  const auto before = page.first_page() ? std::nullopt : std::optional<std::int64_t>(page.after[0]);
  auto items = reports.Queue(c, open, before, page.limit + 1);
  std::optional<std::vector<std::int64_t>> next;
  if (items.size() > static_cast<std::size_t>(page.limit)) {
    items.resize(page.limit);
    next = std::vector<std::int64_t>{items.back().latest_report};
  }

  std::vector<store::TargetRef> targets;
  std::vector<core::PostId> post_ids;
  std::vector<core::CommentId> comment_ids;
  std::vector<core::UserId> user_ids;
  for (const auto& item : items) {
    targets.push_back(item.target);
    switch (item.target.type) {
      case ReportTarget::kPost:
        post_ids.emplace_back(item.target.id);
        break;
      case ReportTarget::kComment:
        comment_ids.emplace_back(item.target.id);
        break;
      case ReportTarget::kUser:
        user_ids.emplace_back(item.target.id);
        break;
      case ReportTarget::kMessage:
        break;
    }
  }

  std::map<Key, boost::json::array> reports_of;
  std::vector<std::int64_t> snapshot_reports;  // the newest report of each message target
  std::map<Key, std::int64_t> snapshot_of;
  for (const auto& r : reports.ReportsOf(c, targets, open)) {
    const auto key = KeyOf(r.target);
    reports_of[key].push_back(Report(r));
    if (r.target.type == ReportTarget::kMessage && !snapshot_of.contains(key)) {
      snapshot_of[key] = r.id;  // newest first
      snapshot_reports.push_back(r.id);
    }
  }

  std::map<Key, boost::json::value> previews;
  for (const auto& post : store::PostStore().LoadPage(c, post_ids, viewer)) {
    previews[{static_cast<int>(ReportTarget::kPost), post.id.value}] = PostPreview(post);
  }
  for (const auto& comment : store::CommentStore().FindMany(c, comment_ids)) {
    previews[{static_cast<int>(ReportTarget::kComment), comment.id.value}] = CommentPreview(comment);
  }
  for (const auto& user : reports.Users(c, user_ids)) {
    previews[{static_cast<int>(ReportTarget::kUser), user.id.value}] = views::PublicUser(user);
  }
  std::unordered_map<std::int64_t, boost::json::array> snapshots;
  for (const auto& [report, message] : reports.Snapshots(c, snapshot_reports)) {
    snapshots[report].push_back(SnapshotMessage(message));
  }
  for (const auto& [key, report] : snapshot_of) {
    auto& messages = snapshots[report];
    // The reported message is the newest of its snapshot.
    if (!messages.empty()) messages.back().as_object()["reported"] = true;
    previews[key] = boost::json::object{{"messages", std::move(messages)}};
  }

  boost::json::array out;
  for (const auto& item : items) {
    const auto key = KeyOf(item.target);
    const auto preview = previews.find(key);
    out.push_back(boost::json::object{
        {"target",
         {{"type", store::ToString(item.target.type)},
          {"id", std::to_string(item.target.id)},
          {"preview", preview == previews.end() ? boost::json::value(nullptr) : preview->second}}},
        {"reports", std::move(reports_of[key])},
        {"count", item.count},
    });
  }
  return api::detail::Page(std::move(out), next);
}

}  // namespace lenslet::api::moderation::detail
