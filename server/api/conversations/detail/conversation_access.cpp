#include "api/conversations/detail/conversation_access.hpp"

#include <unordered_map>

#include "api/live/events.hpp"
#include "api/live/presence.hpp"
#include "api/views/conversation_view.hpp"
#include "core/error.hpp"

namespace lenslet::api::conversations::detail {

core::ConversationId ConversationIdParam(std::string_view text) {
  const auto id = core::ConversationId::Parse(text);
  if (!id) core::ThrowNotFound("No such conversation");
  return *id;
}

store::ConversationRow RequireMembership(db::Connection& c, core::UserId me, core::ConversationId id) {
  auto row = store::ConversationStore().FindForMember(c, id, me);
  if (!row) core::ThrowNotFound("No such conversation");
  return std::move(*row);
}

ConversationPage LoadPage(db::Connection& c, std::vector<store::ConversationRow> rows, core::UserId viewer) {
  ConversationPage page;
  page.rows = std::move(rows);
  if (page.rows.empty()) return page;
  std::vector<core::ConversationId> ids;
  std::vector<core::MessageId> last;
  for (const auto& row : page.rows) {
    ids.push_back(row.id);
    if (row.last_message) last.push_back(*row.last_message);
  }
  page.participants = store::ConversationStore().Participants(c, ids, viewer);
  page.last_messages = store::MessageStore().LoadMany(c, last);
  return page;
}

ConversationPage LoadEventPage(db::Connection& c, store::ConversationRow row) {
  row.unread_count = 0;
  row.last_read.reset();
  return LoadPage(c, {std::move(row)}, core::UserId());
}

void EmitUpdated(Services& services, const std::vector<core::UserId>& members, const ConversationPage& event) {
  if (members.empty() || event.rows.empty()) return;
  live::EmitToUsers(services, members, "conversation:updated",
                    boost::json::object{{"conversation", RenderOne(services, event)}});
}

boost::json::array Render(const Services& services, const ConversationPage& page) {
  std::unordered_map<core::ConversationId, std::vector<store::ParticipantRow>> participants;
  std::vector<core::UserId> everyone;
  for (const auto& p : page.participants) {
    participants[p.conversation].push_back(p);
    everyone.push_back(p.user.id);
  }
  std::unordered_map<core::UserId, bool> online;
  if (services.presence != nullptr) {
    const auto flags = services.presence->AreOnline(everyone);
    for (std::size_t i = 0; i < everyone.size(); ++i) online[everyone[i]] = flags[i];
  }
  std::unordered_map<core::MessageId, const store::MessageRow*> last;
  for (const auto& m : page.last_messages) last[m.id] = &m;

  boost::json::array out;
  out.reserve(page.rows.size());
  for (const auto& row : page.rows) {
    const auto& people = participants[row.id];
    std::vector<bool> flags;
    flags.reserve(people.size());
    for (const auto& p : people) flags.push_back(online[p.user.id]);
    const store::MessageRow* last_message = nullptr;
    if (row.last_message) {
      if (const auto it = last.find(*row.last_message); it != last.end()) last_message = it->second;
    }
    out.push_back(views::Conversation(row, people, flags, last_message));
  }
  return out;
}

boost::json::object RenderOne(const Services& services, const ConversationPage& page) {
  auto all = Render(services, page);
  if (all.empty()) throw core::Error(core::ErrorCode::kInternal, "Conversation missing", {}, "RenderOne on an empty page");
  return std::move(all[0].as_object());
}

}  // namespace lenslet::api::conversations::detail
