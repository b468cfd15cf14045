#pragma once
// What every conversation action goes through: the {id} parameter, the
// membership check (404 for unknown and for non-members alike, API.md) and the
// loader that turns a page of conversations into their wire objects in a
// constant number of statements.
#include <boost/asio/awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string_view>
#include <vector>

#include "api/services.hpp"
#include "core/ids.hpp"
#include "db/database.hpp"
#include "store/conversation_store.hpp"
#include "store/message_store.hpp"

namespace lenslet::api::conversations::detail {

// The members of `facts` (MembersAround(conversation, subject)) other than
// `subject` who may see `subject`'s typing and read markers there;
// `subject_accepted`: the conversation is not a request for the subject.
std::vector<core::UserId> ActivityAudience(const std::vector<store::MemberFacts>& facts, core::UserId subject,
                                           bool subject_accepted);

// The {id} path parameter; 404 for anything that is not an id.
core::ConversationId ConversationIdParam(std::string_view text);

// The conversation as `me` sees it, inside the caller's unit. Throws
// Error(kNotFound) when there is none or `me` is not a member.
store::ConversationRow RequireMembership(db::Connection& c, core::UserId me, core::ConversationId id);

// A page of conversations with what their wire objects need.
struct ConversationPage {
  core::UserId viewer;
  std::vector<store::ConversationRow> rows;
  std::vector<store::ParticipantRow> participants;  // of every row
  std::vector<store::MessageRow> last_messages;     // of every row that has one
};

// Loads the participants and last messages of `rows` for `viewer`: three
// statements at most whatever the number of rows (none when empty).
ConversationPage LoadPage(db::Connection& c, std::vector<store::ConversationRow> rows, core::UserId viewer);

// One conversation as each of its current members sees it: what
// conversation:updated sends, one object per recipient, so nobody gets a
// presence, read marker, profile or last message the REST view would not show
// them. Four statements at most whatever the number of members.
struct MemberPages {
  std::vector<ConversationPage> pages;  // one per member, page.viewer the member
};
MemberPages LoadMemberPages(db::Connection& c, core::ConversationId id);

// Tells every member of `pages` but `except` that the conversation changed
// (created, people added, someone left): conversation:updated {conversation},
// each their own view. Call after the unit committed.
void EmitUpdated(Services& services, const MemberPages& pages, core::UserId except = core::UserId());

// The wire objects, in the order of page.rows; `online` from services.presence
// (nobody when it is null), and of each participant only what
// api/users/conversation_privacy.hpp lets page.viewer see. Call it outside the unit.
boost::json::array Render(const Services& services, const ConversationPage& page);
boost::json::object RenderOne(const Services& services, const ConversationPage& page);

// After a block or an unblock between `a` and `b` committed: their unread
// counts in every conversation they share, recounted, since what each may
// see changed. A unit per conversation that locks its row first (as MarkRead
// does, so no send's +1 is lost to the count). Never inside the block's unit:
// it holds the pair's lock, for which a send holding a conversation's row may
// be waiting (migration 0028).
boost::asio::awaitable<void> RecountUnreadBetween(Services& services, core::UserId a, core::UserId b);

}  // namespace lenslet::api::conversations::detail
