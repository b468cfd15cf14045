#pragma once
// Conversations and their members (migration 0006): 1:1 conversations found or
// created race-free through conversations.direct_key, groups, membership, read
// markers with the stored unread counter, and the page loaders of the list.
// Messages themselves live in store/message_store.hpp.
//
// Serialising per conversation: every unit that must see the conversation's
// messages and members as of a consistent moment (a send, marking read, adding
// members) first calls Lock(), an UPDATE of the conversation row. On
// PostgreSQL that takes the row lock until the unit ends, so those units run
// one after the other per conversation and each of their later statements
// (READ COMMITTED) sees what the previous one committed; SQLite serialises
// every writer anyway.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {

// A conversation as one member sees it (their read marker and unread count,
// their folder, the last message they may see).
struct ConversationRow {
  core::ConversationId id;
  std::optional<std::string> title;
  bool is_group = false;
  core::Millis created_at = 0;
  // The last change as the member may see it: a message hidden from them (a
  // block) moves nothing (the order of the member's lists too).
  core::Millis updated_at = 0;
  // The latest message the member may see: none of a user in a block relation
  // with them (either way), none up to history_floor.
  std::optional<core::MessageId> last_message;
  std::optional<core::MessageId> last_read;  // the member's marker
  std::int64_t unread_count = 0;             // the member's counter
  bool accepted = true;                      // not (or no longer) a message request for the member
  // In the member's requests folder: not accepted, or a 1:1 with someone the
  // member restricts (for as long as the restriction lasts).
  bool is_request = false;
  // The member deleted the conversation up to this message id (0: none, or
  // before any message): they see only later messages.
  std::int64_t history_floor = 0;
};

// One member of a conversation, with what the viewer's page shows of them and
// the facts the privacy policy needs (api/users/conversation_privacy.hpp).
struct ParticipantRow {
  core::ConversationId conversation;
  PublicUserRow user;
  std::optional<core::Millis> last_seen_at;
  // Their read marker ("Seen" after a reload); when it names a message hidden
  // from the viewer (a block), the latest below it the viewer may see.
  std::optional<core::MessageId> last_read;
  bool followed_by_me = false;   // the viewer follows them (accepted)
  bool requested_by_me = false;  // the viewer asked to follow them (pending)
  bool accepted = true;          // the conversation is not a request for them
  bool blocked = false;          // they and the viewer blocked each other (either way)
  bool restricts_viewer = false; // they restricted the viewer
};

// Which of a member's lists (GET /conversations?folder=).
enum class Folder { kInbox, kRequests };

// The Messages badge and the Requests label, in one statement.
struct FolderCounts {
  std::int64_t unread_inbox = 0;  // inbox conversations with unread messages
  std::int64_t requests = 0;      // conversations in the requests folder
};

// A member of a conversation as seen from one other member, `subject` (the
// sender of a message, the typist, who moved a read marker).
struct MemberFacts {
  core::UserId user;
  bool blocked = false;            // user and subject blocked each other (either way)
  bool subject_restricts = false;  // subject restricted user
  bool accepted = true;            // the conversation is not a request for user
  bool request_hidden = false;     // a hidden word hid this request from user
  // MembersAround with an author: user and the author blocked each other.
  bool blocked_with_author = false;
};

// Someone who shares at least one conversation with `subject` (presence).
struct ContactFacts {
  core::UserId user;
  bool blocked = false;            // either blocked the other
  bool subject_restricts = false;  // subject restricted user
  bool subject_accepted = false;   // some shared conversation is not a request for subject
};

// How a user who is put into a conversation relates to whoever put them there.
struct StarterFacts {
  core::UserId user;
  bool follows_starter = false;    // an accepted follow
  bool restricts_starter = false;
};

// A block between a user and `other`, and which way.
struct BlockRelation {
  core::UserId other;
  bool user_blocked = false;   // the user blocked other
  bool other_blocked = false;  // other blocked the user
};

// A member joining a conversation, and whether it starts as a request for them.
struct JoiningMember {
  core::UserId user;
  bool accepted = true;
};

// One member's view, with the member: the rows conversation:updated renders
// per recipient.
struct MemberView {
  core::UserId member;
  ConversationRow row;
};
struct ParticipantView {
  core::UserId viewer;
  ParticipantRow participant;
};

// SQL: whether the users of the two SQL expressions blocked each other (either
// way), as a boolean condition. Two primary-key probes.
std::string BlockedEitherWaySql(std::string_view a, std::string_view b);

// Keyset position in a member's list: newest activity first.
struct ConversationCursor {
  core::Millis updated_at = 0;
  core::ConversationId id;
};

struct DirectConversation {
  core::ConversationId id;
  bool created = false;  // false: it existed already
};

class ConversationStore {
 public:
  // The 1:1 conversation of `a` and `b` (a != b), created with both as members
  // when there is none: `a` has accepted it, `b` when `b_accepts` (else it is
  // a message request for `b`). Race-free: concurrent calls for the same pair,
  // in either order, all answer the same conversation, and exactly one says
  // created.
  DirectConversation FindOrCreateDirect(db::Connection& c, core::UserId a, core::UserId b, core::Millis now,
                                        bool b_accepts = true) const;

  // A new group of `creator` and `others` (distinct, not containing creator).
  core::ConversationId CreateGroup(db::Connection& c, core::UserId creator, const std::optional<std::string>& title,
                                   std::span<const JoiningMember> others, core::Millis now) const;
  core::ConversationId CreateGroup(db::Connection& c, core::UserId creator, const std::optional<std::string>& title,
                                   std::span<const core::UserId> others, core::Millis now) const;

  // The conversation as `member` sees it; nullopt when there is no such
  // conversation or `member` is not (or no longer) one of its members.
  std::optional<ConversationRow> FindForMember(db::Connection& c, core::ConversationId id,
                                               core::UserId member) const;

  // `member`'s conversations in `folder` after `after` (nullopt: from the
  // newest), newest activity as the member sees it (updated_at, then id)
  // first. Neither folder holds a conversation the member deleted and that had
  // no message since that they may see, nor (requests) one a hidden word hid.
  // One statement.
  std::vector<ConversationRow> ListForMember(db::Connection& c, core::UserId member,
                                             const std::optional<ConversationCursor>& after, int limit,
                                             Folder folder = Folder::kInbox) const;

  // The members of every conversation of `ids`, with `viewer`'s follow state
  // towards each and the pair's facts, ordered by conversation then joining
  // order. One statement whatever the number of ids (none when empty).
  std::vector<ParticipantRow> Participants(db::Connection& c, std::span<const core::ConversationId> ids,
                                           core::UserId viewer) const;

  // Every member's own view of the conversation, and every member's
  // participants as each member sees them: what conversation:updated renders
  // per recipient. One statement each.
  std::vector<MemberView> ViewsOfEveryMember(db::Connection& c, core::ConversationId id) const;
  std::vector<ParticipantView> ParticipantsForEveryMember(db::Connection& c, core::ConversationId id) const;

  // The Messages badge (inbox conversations with unread messages) and the
  // number of requests. One statement.
  FolderCounts CountFolders(db::Connection& c, core::UserId member) const;

  // Current member ids, in joining order.
  std::vector<core::UserId> MemberIds(db::Connection& c, core::ConversationId id) const;

  // See the header comment. Also moves updated_at to `now` when given.
  // False when there is no such conversation.
  bool Lock(db::Connection& c, core::ConversationId id, std::optional<core::Millis> now = std::nullopt) const;

  // Adds the users of `users` who are not members yet (their marker starts at
  // the latest message, unread 0). Returns those added, in the given order.
  std::vector<core::UserId> AddMembers(db::Connection& c, core::ConversationId id,
                                       std::span<const JoiningMember> users, core::Millis now) const;
  std::vector<core::UserId> AddMembers(db::Connection& c, core::ConversationId id,
                                       std::span<const core::UserId> users, core::Millis now) const;
  // False when `user` was not a member.
  bool RemoveMember(db::Connection& c, core::ConversationId id, core::UserId user) const;

  // Moves `member`'s read marker forward to `message` (never backwards) and
  // recounts their unread messages after it (those others sent). Call Lock()
  // first in the same unit so no send slips between the count and the write.
  // True when the marker moved.
  bool MarkRead(db::Connection& c, core::ConversationId id, core::UserId member, core::MessageId message) const;

  // The conversations `a` and `b` are both members of, ascending.
  std::vector<core::ConversationId> Shared(db::Connection& c, core::UserId a, core::UserId b) const;
  // Recounts the unread messages of `a` and of `b` in conversation `id`, as
  // MarkRead counts them (none of a user in a block relation with the
  // reader): a block or unblock between them changed what each may see. Call
  // Lock() first in the same unit, as for MarkRead. One statement.
  void RecountUnread(db::Connection& c, core::ConversationId id, core::UserId a, core::UserId b) const;

  // The conversation stops being a request for `member` (accept, or a reply).
  // True when it was one.
  bool Accept(db::Connection& c, core::ConversationId id, core::UserId member, core::Millis now) const;
  // "Delete for me": the conversation leaves `member`'s lists until a later
  // message, its messages so far are no longer shown to them, unread 0. The
  // read marker does not move (others would read it as "Seen"). Call Lock()
  // first. False when `member` is not a member.
  bool Clear(db::Connection& c, core::ConversationId id, core::UserId member) const;
  // Hides the conversation from the requests folder of those of `members` for
  // whom it is still a request (a hidden word arrived).
  void HideRequest(db::Connection& c, core::ConversationId id, std::span<const core::UserId> members) const;

  // Every member, `subject` included (with false facts), in joining order, with the facts about them and `subject`
  // that decide what they get of `subject`'s activity and messages. One statement.
  std::vector<MemberFacts> MembersAround(db::Connection& c, core::ConversationId id, core::UserId subject) const;
  // The same with blocked_with_author: whether each may see `author`'s
  // messages (the read marker `subject` moved names one of them). One statement.
  std::vector<MemberFacts> MembersAround(db::Connection& c, core::ConversationId id, core::UserId subject,
                                         core::UserId author) const;

  // The hidden words of the members other than `sender` for whom the
  // conversation is a request not hidden yet, as (member, word) pairs. One
  // statement; only asked when MembersAround showed such a member.
  std::vector<std::pair<core::UserId, std::string>> RequestRecipientWords(db::Connection& c, core::ConversationId id,
                                                                          core::UserId sender) const;

  // Everyone who shares at least one conversation with `user`, with the facts
  // that decide whether they get `user`'s presence. One statement.
  std::vector<ContactFacts> Contacts(db::Connection& c, core::UserId user) const;

  // How each of `users` relates to `starter` (who starts a conversation with
  // them or adds them to a group). One statement.
  std::vector<StarterFacts> StarterFactsOf(db::Connection& c, core::UserId starter,
                                           std::span<const core::UserId> users) const;

  // The users among `others` that `user` blocked or that blocked `user`, and
  // which way. One statement (none when `others` is empty). WARNING: for
  // writers deciding whether to write. On PostgreSQL it takes each pair's
  // lock shared (migration 0028's pair_blocks) and reads after it, so a block
  // in flight ends first and one that starts later waits for the caller's
  // unit: call it before the unit locks users, follows or notifications rows.
  std::vector<BlockRelation> BlockRelations(db::Connection& c, core::UserId user,
                                            std::span<const core::UserId> others) const;
  // BlockRelations' users, either way.
  std::vector<core::UserId> InBlockRelation(db::Connection& c, core::UserId user,
                                            std::span<const core::UserId> others) const;

  // Whether some user of `joining` and some user of `everyone` blocked each
  // other (either way): a group may not hold both. One statement; on
  // PostgreSQL with each pair's lock, as BlockRelations (pairs_blocked).
  bool AnyBlockedPair(db::Connection& c, std::span<const core::UserId> joining,
                      std::span<const core::UserId> everyone) const;
};

}  // namespace lenslet::store
