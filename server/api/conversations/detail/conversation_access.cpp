#include "api/conversations/detail/conversation_access.hpp"

#include <algorithm>
#include <unordered_map>

#include "api/live/events.hpp"
#include "api/live/presence.hpp"
#include "api/users/conversation_privacy.hpp"
#include "api/views/conversation_view.hpp"
#include "core/error.hpp"

namespace lenslet::api::conversations::detail {

core::ConversationId ConversationIdParam(std::string_view text) {
  const auto id = core::ConversationId::Parse(text);
  if (!id) core::ThrowNotFound("No such conversation");
  return *id;
}

std::vector<core::UserId> ActivityAudience(const std::vector<store::MemberFacts>& facts, core::UserId subject,
                                           bool subject_accepted) {
  std::vector<core::UserId> out;
  for (const auto& member : facts) {
    if (member.user == subject) continue;
    if (users::MaySeeActivity({.blocked = member.blocked,
                               .subject_restricts_viewer = member.subject_restricts,
                               .subject_accepted = subject_accepted})) {
      out.push_back(member.user);
    }
  }
  return out;
}

store::ConversationRow RequireMembership(db::Connection& c, core::UserId me, core::ConversationId id) {
  auto row = store::ConversationStore().FindForMember(c, id, me);
  if (!row) core::ThrowNotFound("No such conversation");
  return std::move(*row);
}

ConversationPage LoadPage(db::Connection& c, std::vector<store::ConversationRow> rows, core::UserId viewer) {
  ConversationPage page;
  page.viewer = viewer;
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

MemberPages LoadMemberPages(db::Connection& c, core::ConversationId id) {
  const store::ConversationStore conversations;
  auto views = conversations.ViewsOfEveryMember(c, id);
  auto participants = conversations.ParticipantsForEveryMember(c, id);
  std::vector<core::MessageId> last;
  for (const auto& view : views) {
    if (view.row.last_message) last.push_back(*view.row.last_message);
  }
  std::sort(last.begin(), last.end());
  last.erase(std::unique(last.begin(), last.end()), last.end());
  const auto messages = store::MessageStore().LoadMany(c, last);
  MemberPages out;
  out.pages.reserve(views.size());
  for (auto& view : views) {
    ConversationPage page;
    page.viewer = view.member;
    for (const auto& p : participants) {
      if (p.viewer == view.member) page.participants.push_back(p.participant);
    }
    for (const auto& m : messages) {
      if (view.row.last_message == m.id) page.last_messages.push_back(m);
    }
    page.rows.push_back(std::move(view.row));
    out.pages.push_back(std::move(page));
  }
  return out;
}

void EmitUpdated(Services& services, const MemberPages& pages, core::UserId except) {
  for (const auto& page : pages.pages) {
    if (page.viewer == except || page.rows.empty()) continue;
    live::EmitToUsers(services, {page.viewer}, "conversation:updated",
                      boost::json::object{{"conversation", RenderOne(services, page)}});
  }
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
    std::vector<views::ParticipantShown> shown;
    flags.reserve(people.size());
    shown.reserve(people.size());
    for (const auto& p : people) {
      flags.push_back(online[p.user.id]);
      const users::PairFacts facts{.same_person = p.user.id == page.viewer,
                                   .blocked = p.blocked,
                                   .subject_restricts_viewer = p.restricts_viewer,
                                   .subject_accepted = p.accepted};
      shown.push_back({.activity = users::MaySeeActivity(facts), .profile = users::MaySeeProfileAndMessages(facts)});
    }
    const store::MessageRow* last_message = nullptr;
    if (row.last_message) {
      if (const auto it = last.find(*row.last_message); it != last.end()) last_message = it->second;
    }
    out.push_back(views::Conversation(row, people, flags, shown, last_message));
  }
  return out;
}

boost::json::object RenderOne(const Services& services, const ConversationPage& page) {
  auto all = Render(services, page);
  if (all.empty()) throw core::Error(core::ErrorCode::kInternal, "Conversation missing", {}, "RenderOne on an empty page");
  return std::move(all[0].as_object());
}

boost::asio::awaitable<void> RecountUnreadBetween(Services& services, core::UserId a, core::UserId b) {
  const store::ConversationStore conversations;
  const auto shared = co_await services.db.Read([&](db::Connection& c) { return conversations.Shared(c, a, b); });
  for (const auto id : shared) {
    co_await services.db.Write([&](db::Connection& c) {
      if (conversations.Lock(c, id)) conversations.RecountUnread(c, id, a, b);
      return true;
    });
  }
}

}  // namespace lenslet::api::conversations::detail
