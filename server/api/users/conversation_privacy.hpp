#pragma once
// What people learn of each other through conversations (DESIGN.md "One
// privacy policy"; issue 13.5–13.7; API.md "Safety and moderation"). Every
// surface asks these functions — presence (api/live/presence_announcer.cpp),
// typing and read markers (api/conversations/presence_queries.cpp,
// mark_messages_read.cpp), message:new (detail/send.cpp), the REST views and
// conversation:updated (detail/conversation_access.cpp) — with facts the stores
// read in batches (store::ConversationStore MembersAround, Contacts,
// Participants). SQL-side filters that pages need (a blocked user's messages,
// the folders) are the stores' named snippets of the same rules.
//
// `subject` is the person whose activity or profile it is; `viewer` who would
// see it.
#include <span>
#include <string>
#include <string_view>

namespace lenslet::api::users {

struct PairFacts {
  bool same_person = false;
  bool blocked = false;                   // either blocked the other
  bool subject_restricts_viewer = false;  // Restrict: the restricted never get the restrictor's activity
  // The conversation is not a message request for the subject (they started
  // it, accepted it or replied); for presence: some shared conversation is not.
  bool subject_accepted = false;
};

// Presence (online, lastSeenAt), typing and read markers.
bool MaySeeActivity(const PairFacts& facts);

// Profile details (display name, avatar, bio, counts) and messages: never
// between a blocked pair, whoever blocked whom, in any conversation.
bool MaySeeProfileAndMessages(const PairFacts& facts);

// Whether a conversation a starter opens with `recipient`, or a group the
// starter adds them to, is a message request for the recipient: unless they
// follow the starter, and always when they restrict the starter.
bool StartsAsRequest(bool recipient_follows_starter, bool recipient_restricts_starter);

// Whether `text` contains one of `words` (stored folded to lower case): a
// substring match without regard to ASCII case.
bool ContainsHiddenWord(std::string_view text, std::span<const std::string> words);

}  // namespace lenslet::api::users
