#pragma once
// What every conversation action goes through: the {id} parameter, the
// membership check (404 for unknown and for non-members alike, API.md) and the
// loader that turns a page of conversations into their wire objects in a
// constant number of statements.
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

// The {id} path parameter; 404 for anything that is not an id.
core::ConversationId ConversationIdParam(std::string_view text);

// The conversation as `me` sees it, inside the caller's unit. Throws
// Error(kNotFound) when there is none or `me` is not a member.
store::ConversationRow RequireMembership(db::Connection& c, core::UserId me, core::ConversationId id);

// A page of conversations with what their wire objects need.
struct ConversationPage {
  std::vector<store::ConversationRow> rows;
  std::vector<store::ParticipantRow> participants;  // of every row
  std::vector<store::MessageRow> last_messages;     // of every row that has one
};

// Loads the participants and last messages of `rows` for `viewer`: three
// statements at most whatever the number of rows (none when empty).
ConversationPage LoadPage(db::Connection& c, std::vector<store::ConversationRow> rows, core::UserId viewer);

// The page of conversation:updated events, which every member receives alike:
// `row` with no unread count of anyone's, participants without anyone's follow
// state (followedByMe / requestedByMe false). Clients keep their own counts.
ConversationPage LoadEventPage(db::Connection& c, store::ConversationRow row);

// Tells `members` that the conversation changed (added people, someone left):
// conversation:updated {conversation}. Call after the unit committed.
void EmitUpdated(Services& services, const std::vector<core::UserId>& members, const ConversationPage& event);

// The wire objects, in the order of page.rows; `online` from services.presence
// (nobody when it is null). Call it outside the unit.
boost::json::array Render(const Services& services, const ConversationPage& page);
boost::json::object RenderOne(const Services& services, const ConversationPage& page);

}  // namespace lenslet::api::conversations::detail
