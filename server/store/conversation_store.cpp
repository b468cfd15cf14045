#include "store/conversation_store.hpp"

#include <algorithm>
#include <limits>

#include "store/post_store.hpp"

namespace lenslet::store {
namespace {

// ON CONFLICT DO NOTHING: when a concurrent unit created the pair's
// conversation first, this one waits for it (PostgreSQL) and inserts nothing;
// the SELECT that follows (a new statement, READ COMMITTED) then sees it.
constexpr std::string_view kInsertDirect =
    "INSERT INTO conversations (title, is_group, direct_key, created_by, created_at, updated_at) "
    "VALUES (NULL, 0, $1, $2, $3, $3) ON CONFLICT (direct_key) DO NOTHING RETURNING id";
constexpr std::string_view kFindDirect = "SELECT id FROM conversations WHERE direct_key = $1";

constexpr std::string_view kInsertGroup =
    "INSERT INTO conversations (title, is_group, direct_key, created_by, created_at, updated_at) "
    "VALUES ($1, 1, NULL, $2, $3, $3) RETURNING id";

// A new member starts with nothing unread: their marker is the latest message.
// $4: accepted_at, NULL when the conversation is a message request for them.
constexpr std::string_view kAddMember =
    "INSERT INTO conversation_members (conversation_id, user_id, joined_at, last_read_message_id, unread_count, "
    "accepted_at) SELECT id, $2, $3, last_message_id, 0, $4 FROM conversations WHERE id = $1 "
    "ON CONFLICT (conversation_id, user_id) DO NOTHING";

constexpr std::string_view kRemoveMember =
    "DELETE FROM conversation_members WHERE conversation_id = $1 AND user_id = $2";

// The floor below which member m no longer sees messages (DELETE /conversations/{id}).
constexpr std::string_view kFloor = "COALESCE(m.cleared_through, 0)";

// The latest message member m may see: usually the conversation's last one (a
// primary-key probe and two block probes); only when its sender and m are in
// a block relation, the latest of the others.
std::string LastVisibleSql() {
  return std::string("CASE WHEN c.last_message_id IS NULL OR c.last_message_id <= ") + std::string(kFloor) +
         " THEN NULL WHEN NOT EXISTS (SELECT 1 FROM messages lm WHERE lm.id = c.last_message_id AND " +
         BlockedEitherWaySql("lm.sender_id", "m.user_id") +
         ") THEN c.last_message_id ELSE (SELECT max(x.id) FROM messages x WHERE x.conversation_id = c.id AND x.id > " +
         std::string(kFloor) + " AND NOT " + BlockedEitherWaySql("x.sender_id", "m.user_id") + ") END";
}

// Whether the conversation is in member m's requests folder: m has not
// accepted it, or it is a 1:1 with someone m restricts (API.md: a restricted
// user's messages arrive as requests).
std::string IsRequestSql() {
  return "CASE WHEN m.accepted_at IS NULL OR (c.is_group = 0 AND EXISTS (SELECT 1 FROM conversation_members o "
         "JOIN restricts r ON r.restricted_id = o.user_id WHERE o.conversation_id = c.id AND r.restrictor_id = "
         "m.user_id)) THEN 1 ELSE 0 END";
}

// A 1:1 that member m never accepted nor answered, with someone m is in a
// block relation with. It is listed nowhere and counted nowhere while the
// block lasts: blocks cover everything (API.md), and nothing in it is m's,
// while its sender and every message are hidden from m — it was an empty line
// counted as a request. A 1:1 m accepted (in requests only because m
// restricts the other) keeps m's own messages: it stays.
std::string UnansweredDirectWithBlockedSql() {
  return "(m.accepted_at IS NULL AND c.is_group = 0 AND EXISTS (SELECT 1 FROM conversation_members o WHERE "
         "o.conversation_id = c.id AND o.user_id <> m.user_id AND " +
         BlockedEitherWaySql("o.user_id", "m.user_id") + "))";
}

// Member m still lists the conversation: never deleted, or a message they may
// see came since (one hidden from them, a block, brings nothing back).
const std::string kListed = "(m.cleared_through IS NULL OR (" + LastVisibleSql() + ") IS NOT NULL)";

// Whether `viewer` (SQL of member m's id) is in any block relation at all:
// most are not, and then nothing else of SeenUpdatedAtSql runs. Two index
// probes, once per statement when `viewer` is a parameter.
std::string InAnyBlockSql(std::string_view viewer) {
  const std::string v(viewer);
  return "(EXISTS (SELECT 1 FROM blocks ab WHERE ab.blocker_id = " + v +
         ") OR EXISTS (SELECT 1 FROM blocks ab WHERE ab.blocked_id = " + v + "))";
}

// The conversation's updated_at as member m may see it: a message hidden from
// them (a block) moves nothing, else the time and the list's order told them
// that the other still writes there, and when. When the last change was such
// a message: the latest message they may see, or when they joined.
std::string SeenUpdatedAtSql(std::string_view viewer) {
  const std::string visible_at =
      "(SELECT x.created_at FROM messages x WHERE x.conversation_id = c.id AND NOT " +
      BlockedEitherWaySql("x.sender_id", "m.user_id") + " ORDER BY x.id DESC LIMIT 1)";
  return "CASE WHEN c.last_message_id IS NULL OR NOT " + InAnyBlockSql(viewer) +
         " OR NOT EXISTS (SELECT 1 FROM messages lm WHERE lm.id = c.last_message_id AND lm.created_at = "
         "c.updated_at AND " +
         BlockedEitherWaySql("lm.sender_id", "m.user_id") + ") THEN c.updated_at WHEN COALESCE(" + visible_at +
         ", 0) > m.joined_at THEN " + visible_at + " ELSE m.joined_at END";
}

// `viewer`: SQL of member m's id (a parameter where there is one).
std::string ConversationColumns(std::string_view viewer) {
  return "c.id AS id, c.title AS title, c.is_group AS is_group, c.created_at AS created_at, " +
         SeenUpdatedAtSql(viewer) + " AS seen_at, " + LastVisibleSql() +
         " AS last_visible, m.last_read_message_id AS last_read, m.unread_count AS unread, CASE WHEN "
         "m.accepted_at IS NULL THEN 0 ELSE 1 END AS accepted, " +
         IsRequestSql() + " AS is_request, " + std::string(kFloor) + " AS history_floor";
}

const std::string kFindForMember = "SELECT " + ConversationColumns("$2") +
                                   " FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id "
                                   "WHERE m.conversation_id = $1 AND m.user_id = $2";

// Ordered by the time as the member sees it (SeenUpdatedAtSql), computed once
// per row in the inner query.
std::string ListForMemberSql(Folder folder) {
  const auto in_folder =
      folder == Folder::kInbox
          ? IsRequestSql() + " = 0"
          : IsRequestSql() + " = 1 AND m.request_hidden = 0 AND NOT " + UnansweredDirectWithBlockedSql();
  return "SELECT q.* FROM (SELECT " + ConversationColumns("$1") +
         " FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id "
         "WHERE m.user_id = $1 AND " +
         kListed + " AND " + in_folder +
         ") q WHERE (q.seen_at < $2 OR (q.seen_at = $2 AND q.id < $3)) ORDER BY q.seen_at DESC, q.id DESC "
         "LIMIT $4";
}
const std::string kListInbox = ListForMemberSql(Folder::kInbox);
const std::string kListRequests = ListForMemberSql(Folder::kRequests);

const std::string kViewsOfEveryMember = "SELECT m.user_id, " + ConversationColumns("m.user_id") +
                                        " FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id "
                                        "WHERE m.conversation_id = $1 ORDER BY m.joined_at, m.user_id";

// Served by the conversation_members_user index (user_id first).
// Each row's request rule computed once: the inner query is kept apart (a
// fence each dialect knows: OFFSET on PostgreSQL, LIMIT -1 OFFSET 0 on SQLite,
// which neither flattens), else both would copy the rule into each sum that
// reads it, probing a 1:1's restricts twice. The block is probed only for a
// 1:1 its member never accepted (UnansweredDirectWithBlockedSql's own order).
std::string CountFoldersSql(db::Dialect dialect) {
  return "SELECT COALESCE(sum(CASE WHEN q.request = 0 AND q.unread_count > 0 THEN 1 ELSE 0 END), 0), "
         // The requests folder's rule (ListForMemberSql).
         "COALESCE(sum(CASE WHEN q.request = 1 AND q.request_hidden = 0 AND q.unanswered_blocked = 0 THEN 1 "
         "ELSE 0 END), 0) FROM (SELECT " +
         IsRequestSql() + " AS request, m.unread_count, m.request_hidden, CASE WHEN " +
         UnansweredDirectWithBlockedSql() +
         " THEN 1 ELSE 0 END AS unanswered_blocked FROM conversation_members m "
         "JOIN conversations c ON c.id = m.conversation_id WHERE m.user_id = $1 AND " +
         kListed + (dialect == db::Dialect::kPostgres ? " OFFSET 0) q" : " LIMIT -1 OFFSET 0) q");
}
const std::string kCountFoldersPostgres = CountFoldersSql(db::Dialect::kPostgres);
const std::string kCountFoldersSqlite = CountFoldersSql(db::Dialect::kSqlite);

constexpr std::string_view kMemberIds =
    "SELECT user_id FROM conversation_members WHERE conversation_id = $1 ORDER BY joined_at, user_id";

constexpr std::string_view kLock = "UPDATE conversations SET updated_at = updated_at WHERE id = $1";
constexpr std::string_view kLockAndTouch = "UPDATE conversations SET updated_at = $2 WHERE id = $1";

// Forward only: the WHERE leaves an equal or later marker alone. Counts what
// the member sees: not the messages of users in a block relation with them,
// none up to what they deleted.
const std::string kMarkRead =
    "UPDATE conversation_members SET last_read_message_id = $3, "
    "unread_count = (SELECT count(*) FROM messages x WHERE x.conversation_id = $1 AND x.id > $3 "
    "AND x.id > COALESCE(conversation_members.cleared_through, 0) AND x.sender_id <> $2 AND NOT " +
    BlockedEitherWaySql("x.sender_id", "$2") +
    ") WHERE conversation_id = $1 AND user_id = $2 AND (last_read_message_id IS NULL OR last_read_message_id < $3)";

constexpr std::string_view kShared =
    "SELECT x.conversation_id FROM conversation_members x JOIN conversation_members y ON y.conversation_id = "
    "x.conversation_id AND y.user_id = $2 WHERE x.user_id = $1 ORDER BY x.conversation_id";

// $1 the conversation, $2 and $3 the two members.
const std::string kRecountUnread =
    "UPDATE conversation_members SET unread_count = (SELECT count(*) FROM messages x WHERE x.conversation_id = $1 "
    "AND x.id > COALESCE(conversation_members.last_read_message_id, 0) AND x.id > "
    "COALESCE(conversation_members.cleared_through, 0) AND x.sender_id <> conversation_members.user_id AND NOT " +
    BlockedEitherWaySql("x.sender_id", "conversation_members.user_id") +
    ") WHERE conversation_id = $1 AND user_id IN (CAST($2 AS BIGINT), CAST($3 AS BIGINT))";

constexpr std::string_view kAccept =
    "UPDATE conversation_members SET accepted_at = $3, request_hidden = 0 "
    "WHERE conversation_id = $1 AND user_id = $2 AND accepted_at IS NULL";

constexpr std::string_view kClear =
    "UPDATE conversation_members SET cleared_through = COALESCE((SELECT last_message_id FROM conversations "
    "WHERE id = $1), 0), unread_count = 0, request_hidden = 0 WHERE conversation_id = $1 AND user_id = $2";

std::string HideRequestSql(std::size_t n) {
  return "UPDATE conversation_members SET request_hidden = 1 WHERE conversation_id = $1 AND accepted_at IS NULL "
         "AND user_id IN " +
         InList(2, n);
}

// $1 the conversation, $2 the subject.
const std::string kMembersAround =
    "SELECT o.user_id, CASE WHEN " + BlockedEitherWaySql("o.user_id", "$2") +
    " THEN 1 ELSE 0 END, CASE WHEN EXISTS (SELECT 1 FROM restricts r WHERE r.restrictor_id = $2 AND "
    "r.restricted_id = o.user_id) THEN 1 ELSE 0 END, CASE WHEN o.accepted_at IS NULL THEN 0 ELSE 1 END, "
    "o.request_hidden FROM conversation_members o WHERE o.conversation_id = $1 ORDER BY o.joined_at, o.user_id";

// kMembersAround plus, per member, whether they and $3 blocked each other.
const std::string kMembersAroundAuthor =
    "SELECT o.user_id, CASE WHEN " + BlockedEitherWaySql("o.user_id", "$2") +
    " THEN 1 ELSE 0 END, CASE WHEN EXISTS (SELECT 1 FROM restricts r WHERE r.restrictor_id = $2 AND "
    "r.restricted_id = o.user_id) THEN 1 ELSE 0 END, CASE WHEN o.accepted_at IS NULL THEN 0 ELSE 1 END, "
    "o.request_hidden, CASE WHEN " + BlockedEitherWaySql("o.user_id", "$3") +
    " THEN 1 ELSE 0 END FROM conversation_members o WHERE o.conversation_id = $1 ORDER BY o.joined_at, o.user_id";

const std::string kRequestRecipientWords =
    "SELECT m.user_id, w.word FROM conversation_members m JOIN hidden_words w ON w.user_id = m.user_id "
    "WHERE m.conversation_id = $1 AND m.user_id <> $2 AND m.accepted_at IS NULL AND m.request_hidden = 0 "
    "ORDER BY m.user_id, w.word";

// One row per contact, the facts OR-ed over the conversations shared.
const std::string kContacts =
    "SELECT o.user_id, max(CASE WHEN " + BlockedEitherWaySql("o.user_id", "$1") +
    " THEN 1 ELSE 0 END), max(CASE WHEN EXISTS (SELECT 1 FROM restricts r WHERE r.restrictor_id = $1 AND "
    "r.restricted_id = o.user_id) THEN 1 ELSE 0 END), max(CASE WHEN m.accepted_at IS NULL THEN 0 ELSE 1 END) "
    "FROM conversation_members m JOIN conversation_members o ON o.conversation_id = m.conversation_id "
    "WHERE m.user_id = $1 AND o.user_id <> $1 GROUP BY o.user_id ORDER BY o.user_id";

// $1 the starter.
std::string StarterFactsSql(std::size_t n) {
  return "SELECT u.id, CASE WHEN EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = u.id AND f.followee_id = $1 "
         "AND f.accepted = 1) THEN 1 ELSE 0 END, CASE WHEN EXISTS (SELECT 1 FROM restricts r WHERE r.restrictor_id = "
         "u.id AND r.restricted_id = $1) THEN 1 ELSE 0 END FROM users u WHERE u.id IN " +
         InList(2, n);
}

// Member m's read marker as `viewer` may see it: the marker, unless it names
// a message hidden from the viewer (its sender and the viewer blocked each
// other); then the latest message below it the viewer may see. Else a
// third member's marker told the viewer that a message they cannot see
// exists, and when. A primary-key probe and two block probes, as
// LastVisibleSql.
std::string VisibleMarkerSql(std::string_view viewer) {
  const std::string v(viewer);
  return "CASE WHEN m.last_read_message_id IS NULL OR NOT EXISTS (SELECT 1 FROM messages rm WHERE rm.id = "
         "m.last_read_message_id AND " +
         BlockedEitherWaySql("rm.sender_id", v) +
         ") THEN m.last_read_message_id ELSE (SELECT max(x.id) FROM messages x WHERE x.conversation_id = "
         "m.conversation_id AND x.id < m.last_read_message_id AND NOT " +
         BlockedEitherWaySql("x.sender_id", v) + ") END";
}

// `viewer`: the SQL expression of the viewer's id.
std::string ParticipantColumns(std::string_view viewer) {
  const std::string v(viewer);
  return "m.conversation_id, u.last_seen_at, f.accepted, " + VisibleMarkerSql(v) + ", "
         "CASE WHEN m.accepted_at IS NULL THEN 0 ELSE 1 END, CASE WHEN " +
         BlockedEitherWaySql("u.id", v) +
         " THEN 1 ELSE 0 END, CASE WHEN EXISTS (SELECT 1 FROM restricts r WHERE r.restrictor_id = u.id AND "
         "r.restricted_id = " + v + ") THEN 1 ELSE 0 END, " + UserColumns("u");
}
constexpr std::size_t kParticipantUserColumn = 7;

// $1 the viewer.
std::string ParticipantsSql(std::size_t n) {
  return "SELECT " + ParticipantColumns("$1") +
         " FROM conversation_members m JOIN users u ON u.id = m.user_id "
         "LEFT JOIN follows f ON f.follower_id = $1 AND f.followee_id = u.id "
         "WHERE m.conversation_id IN " +
         InList(2, n) + " ORDER BY m.conversation_id, m.joined_at, m.user_id";
}

const std::string kParticipantsForEveryMember =
    "SELECT v.user_id, " + ParticipantColumns("v.user_id") +
    " FROM conversation_members v JOIN conversation_members m ON m.conversation_id = v.conversation_id "
    "JOIN users u ON u.id = m.user_id LEFT JOIN follows f ON f.follower_id = v.user_id AND f.followee_id = u.id "
    "WHERE v.conversation_id = $1 ORDER BY v.user_id, m.joined_at, m.user_id";

// The joining list ($1..) against everyone ($n+1..), both ways.
std::string AnyBlockedPairSql(std::size_t joining, std::size_t everyone) {
  const auto j = InList(1, joining);
  const auto e = InList(1 + joining, everyone);
  return "SELECT 1 FROM blocks WHERE (blocker_id IN " + j + " AND blocked_id IN " + e + ") OR (blocker_id IN " + e +
         " AND blocked_id IN " + j + ") LIMIT 1";
}

// `(VALUES (CAST($first AS BIGINT)), ...) alias(id)`: PostgreSQL only.
std::string ValuesList(std::size_t first, std::size_t count, std::string_view alias) {
  std::string out = "(VALUES ";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ", ";
    out += "(CAST($" + std::to_string(first + i) + " AS BIGINT))";
  }
  return out + ") " + std::string(alias) + "(id)";
}

// $1 the user. Rows (other, 1: the user blocked them | 2: they blocked the
// user). SQLite: the list twice, once per direction. PostgreSQL: each pair
// through pair_blocks (migration 0028: the pair's lock, then a fresh read).
std::string BlockRelationsSql(db::Dialect dialect, std::size_t n) {
  if (dialect == db::Dialect::kPostgres) {
    return "SELECT d.id, pair_blocks(CAST($1 AS BIGINT), d.id) FROM (SELECT DISTINCT v.id FROM " +
           ValuesList(2, n, "v") + ") d";
  }
  const auto in = InList(2, n);
  return "SELECT blocked_id, 1 FROM blocks WHERE blocker_id = $1 AND blocked_id IN " + in +
         " UNION ALL SELECT blocker_id, 2 FROM blocks WHERE blocked_id = $1 AND blocker_id IN " + in;
}

// `ARRAY[CAST($first AS BIGINT), ...]`: PostgreSQL only.
std::string ArrayList(std::size_t first, std::size_t count) {
  std::string out = "ARRAY[";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ", ";
    out += "CAST($" + std::to_string(first + i) + " AS BIGINT)";
  }
  return out + "]";
}

// PostgreSQL: AnyBlockedPairSql through pairs_blocked (migration 0028: every
// pair's lock, then a fresh read), one call for the whole group. One row.
std::string AnyBlockedPairLockingSql(std::size_t joining, std::size_t everyone) {
  return "SELECT CASE WHEN pairs_blocked(" + ArrayList(1, joining) + ", " + ArrayList(1 + joining, everyone) +
         ") THEN 1 ELSE 0 END";
}

template <typename Tag>
std::vector<db::Value> PaddedIds(std::span<const core::Id<Tag>> ids, std::optional<db::Value> first = std::nullopt) {
  std::vector<db::Value> out;
  if (first) out.push_back(*first);
  const auto size = InListSize(ids.size());
  for (const auto id : ids) out.emplace_back(id.value);
  for (std::size_t i = ids.size(); i < size; ++i) out.emplace_back(ids.back().value);
  return out;
}

std::string DirectKey(core::UserId a, core::UserId b) {
  const auto [low, high] = std::minmax(a.value, b.value);
  return std::to_string(low) + ":" + std::to_string(high);
}

ConversationRow ReadConversation(const db::Row& r, std::size_t first = 0) {
  ConversationRow row;
  row.id = core::ConversationId(r.Int(first + 0));
  row.title = r.OptText(first + 1);
  row.is_group = r.Bool(first + 2);
  row.created_at = r.Int(first + 3);
  row.updated_at = r.Int(first + 4);
  if (const auto id = r.OptInt(first + 5)) row.last_message = core::MessageId(*id);
  if (const auto id = r.OptInt(first + 6)) row.last_read = core::MessageId(*id);
  row.unread_count = r.Int(first + 7);
  row.accepted = r.Bool(first + 8);
  row.is_request = r.Bool(first + 9);
  row.history_floor = r.Int(first + 10);
  return row;
}

ParticipantRow ReadParticipant(const db::Row& r, std::size_t first = 0) {
  ParticipantRow row;
  row.conversation = core::ConversationId(r.Int(first + 0));
  row.last_seen_at = r.OptInt(first + 1);
  const auto follow = r.OptInt(first + 2);
  row.followed_by_me = follow == 1;
  row.requested_by_me = follow == 0;
  if (const auto id = r.OptInt(first + 3)) row.last_read = core::MessageId(*id);
  row.accepted = r.Bool(first + 4);
  row.blocked = r.Bool(first + 5);
  row.restricts_viewer = r.Bool(first + 6);
  row.user = ReadUserColumns(r, first + kParticipantUserColumn);
  return row;
}

std::vector<core::UserId> ReadUserIds(const db::Result& result) {
  std::vector<core::UserId> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) out.emplace_back(row.Int(0));
  return out;
}

std::optional<core::Millis> AcceptedAt(bool accepted, core::Millis now) {
  return accepted ? std::optional(now) : std::nullopt;
}

std::vector<JoiningMember> AllAccepted(std::span<const core::UserId> users) {
  std::vector<JoiningMember> out;
  out.reserve(users.size());
  for (const auto user : users) out.push_back({user, true});
  return out;
}

}  // namespace

std::string BlockedEitherWaySql(std::string_view a, std::string_view b) {
  const std::string x(a);
  const std::string y(b);
  return "(EXISTS (SELECT 1 FROM blocks bl WHERE bl.blocker_id = " + x + " AND bl.blocked_id = " + y +
         ") OR EXISTS (SELECT 1 FROM blocks bl WHERE bl.blocker_id = " + y + " AND bl.blocked_id = " + x + "))";
}

DirectConversation ConversationStore::FindOrCreateDirect(db::Connection& c, core::UserId a, core::UserId b,
                                                         core::Millis now, bool b_accepts) const {
  const auto key = DirectKey(a, b);
  if (const auto row = c.Exec(kInsertDirect, key, a, now).first()) {
    const core::ConversationId id(row->Int(0));
    c.Exec(kAddMember, id, a, now, AcceptedAt(true, now));
    c.Exec(kAddMember, id, b, now, AcceptedAt(b_accepts, now));
    return {id, true};
  }
  return {core::ConversationId(c.Exec(kFindDirect, key).one().Int(0)), false};
}

core::ConversationId ConversationStore::CreateGroup(db::Connection& c, core::UserId creator,
                                                    const std::optional<std::string>& title,
                                                    std::span<const JoiningMember> others, core::Millis now) const {
  const core::ConversationId id(c.Exec(kInsertGroup, title, creator, now).one().Int(0));
  c.Exec(kAddMember, id, creator, now, AcceptedAt(true, now));
  for (const auto& other : others) c.Exec(kAddMember, id, other.user, now, AcceptedAt(other.accepted, now));
  return id;
}

core::ConversationId ConversationStore::CreateGroup(db::Connection& c, core::UserId creator,
                                                    const std::optional<std::string>& title,
                                                    std::span<const core::UserId> others, core::Millis now) const {
  const auto members = AllAccepted(others);
  return CreateGroup(c, creator, title, std::span<const JoiningMember>(members), now);
}

std::optional<ConversationRow> ConversationStore::FindForMember(db::Connection& c, core::ConversationId id,
                                                                core::UserId member) const {
  const auto row = c.Exec(kFindForMember, id, member).first();
  if (!row) return std::nullopt;
  return ReadConversation(*row);
}

std::vector<ConversationRow> ConversationStore::ListForMember(db::Connection& c, core::UserId member,
                                                              const std::optional<ConversationCursor>& after,
                                                              int limit, Folder folder) const {
  const auto updated_at = after ? after->updated_at : std::numeric_limits<std::int64_t>::max();
  const auto id = after ? after->id.value : std::numeric_limits<std::int64_t>::max();
  const auto& sql = folder == Folder::kInbox ? kListInbox : kListRequests;
  std::vector<ConversationRow> out;
  for (const auto& row : c.Exec(sql, member, updated_at, id, limit).rows) out.push_back(ReadConversation(row));
  return out;
}

std::vector<ParticipantRow> ConversationStore::Participants(db::Connection& c,
                                                            std::span<const core::ConversationId> ids,
                                                            core::UserId viewer) const {
  if (ids.empty()) return {};
  const auto params = PaddedIds(ids, db::Value(viewer.value));
  std::vector<ParticipantRow> out;
  for (const auto& r : c.Execute(ParticipantsSql(params.size() - 1), params).rows) out.push_back(ReadParticipant(r));
  return out;
}

std::vector<MemberView> ConversationStore::ViewsOfEveryMember(db::Connection& c, core::ConversationId id) const {
  std::vector<MemberView> out;
  for (const auto& r : c.Exec(kViewsOfEveryMember, id).rows) {
    out.push_back({core::UserId(r.Int(0)), ReadConversation(r, 1)});
  }
  return out;
}

std::vector<ParticipantView> ConversationStore::ParticipantsForEveryMember(db::Connection& c,
                                                                           core::ConversationId id) const {
  std::vector<ParticipantView> out;
  for (const auto& r : c.Exec(kParticipantsForEveryMember, id).rows) {
    out.push_back({core::UserId(r.Int(0)), ReadParticipant(r, 1)});
  }
  return out;
}

FolderCounts ConversationStore::CountFolders(db::Connection& c, core::UserId member) const {
  const auto row =
      c.Exec(c.dialect() == db::Dialect::kPostgres ? kCountFoldersPostgres : kCountFoldersSqlite, member)
          .one();
  return {.unread_inbox = row.Int(0), .requests = row.Int(1)};
}

std::vector<core::UserId> ConversationStore::MemberIds(db::Connection& c, core::ConversationId id) const {
  return ReadUserIds(c.Exec(kMemberIds, id));
}

bool ConversationStore::Lock(db::Connection& c, core::ConversationId id, std::optional<core::Millis> now) const {
  const auto result = now ? c.Exec(kLockAndTouch, id, *now) : c.Exec(kLock, id);
  return result.affected > 0;
}

std::vector<core::UserId> ConversationStore::AddMembers(db::Connection& c, core::ConversationId id,
                                                        std::span<const JoiningMember> users,
                                                        core::Millis now) const {
  std::vector<core::UserId> added;
  for (const auto& user : users) {
    if (c.Exec(kAddMember, id, user.user, now, AcceptedAt(user.accepted, now)).affected > 0) added.push_back(user.user);
  }
  return added;
}

std::vector<core::UserId> ConversationStore::AddMembers(db::Connection& c, core::ConversationId id,
                                                        std::span<const core::UserId> users,
                                                        core::Millis now) const {
  const auto members = AllAccepted(users);
  return AddMembers(c, id, std::span<const JoiningMember>(members), now);
}

bool ConversationStore::RemoveMember(db::Connection& c, core::ConversationId id, core::UserId user) const {
  return c.Exec(kRemoveMember, id, user).affected > 0;
}

bool ConversationStore::MarkRead(db::Connection& c, core::ConversationId id, core::UserId member,
                                 core::MessageId message) const {
  return c.Exec(kMarkRead, id, member, message).affected > 0;
}

std::vector<core::ConversationId> ConversationStore::Shared(db::Connection& c, core::UserId a,
                                                           core::UserId b) const {
  std::vector<core::ConversationId> out;
  for (const auto& r : c.Exec(kShared, a, b).rows) out.emplace_back(r.Int(0));
  return out;
}

void ConversationStore::RecountUnread(db::Connection& c, core::ConversationId id, core::UserId a,
                                      core::UserId b) const {
  c.Exec(kRecountUnread, id, a, b);
}

bool ConversationStore::Accept(db::Connection& c, core::ConversationId id, core::UserId member,
                               core::Millis now) const {
  return c.Exec(kAccept, id, member, now).affected > 0;
}

bool ConversationStore::Clear(db::Connection& c, core::ConversationId id, core::UserId member) const {
  return c.Exec(kClear, id, member).affected > 0;
}

void ConversationStore::HideRequest(db::Connection& c, core::ConversationId id,
                                    std::span<const core::UserId> members) const {
  if (members.empty()) return;
  const auto params = PaddedIds(members, db::Value(id.value));
  c.Execute(HideRequestSql(params.size() - 1), params);
}

std::vector<MemberFacts> ConversationStore::MembersAround(db::Connection& c, core::ConversationId id,
                                                          core::UserId subject) const {
  std::vector<MemberFacts> out;
  for (const auto& r : c.Exec(kMembersAround, id, subject).rows) {
    out.push_back({.user = core::UserId(r.Int(0)),
                   .blocked = r.Bool(1),
                   .subject_restricts = r.Bool(2),
                   .accepted = r.Bool(3),
                   .request_hidden = r.Bool(4)});
  }
  return out;
}

std::vector<MemberFacts> ConversationStore::MembersAround(db::Connection& c, core::ConversationId id,
                                                          core::UserId subject, core::UserId author) const {
  std::vector<MemberFacts> out;
  for (const auto& r : c.Exec(kMembersAroundAuthor, id, subject, author).rows) {
    out.push_back({.user = core::UserId(r.Int(0)),
                   .blocked = r.Bool(1),
                   .subject_restricts = r.Bool(2),
                   .accepted = r.Bool(3),
                   .request_hidden = r.Bool(4),
                   .blocked_with_author = r.Bool(5)});
  }
  return out;
}

std::vector<std::pair<core::UserId, std::string>> ConversationStore::RequestRecipientWords(
    db::Connection& c, core::ConversationId id, core::UserId sender) const {
  std::vector<std::pair<core::UserId, std::string>> out;
  for (const auto& r : c.Exec(kRequestRecipientWords, id, sender).rows) out.emplace_back(core::UserId(r.Int(0)), r.Text(1));
  return out;
}

std::vector<ContactFacts> ConversationStore::Contacts(db::Connection& c, core::UserId user) const {
  std::vector<ContactFacts> out;
  for (const auto& r : c.Exec(kContacts, user).rows) {
    out.push_back({.user = core::UserId(r.Int(0)),
                   .blocked = r.Bool(1),
                   .subject_restricts = r.Bool(2),
                   .subject_accepted = r.Bool(3)});
  }
  return out;
}

std::vector<StarterFacts> ConversationStore::StarterFactsOf(db::Connection& c, core::UserId starter,
                                                            std::span<const core::UserId> users) const {
  if (users.empty()) return {};
  const auto params = PaddedIds(users, db::Value(starter.value));
  std::vector<StarterFacts> out;
  for (const auto& r : c.Execute(StarterFactsSql(params.size() - 1), params).rows) {
    out.push_back({.user = core::UserId(r.Int(0)), .follows_starter = r.Bool(1), .restricts_starter = r.Bool(2)});
  }
  return out;
}

bool ConversationStore::AnyBlockedPair(db::Connection& c, std::span<const core::UserId> joining,
                                       std::span<const core::UserId> everyone) const {
  if (joining.empty() || everyone.empty()) return false;
  auto params = PaddedIds(joining);
  const auto joining_size = params.size();
  for (auto& value : PaddedIds(everyone)) params.push_back(std::move(value));
  const auto everyone_size = params.size() - joining_size;
  if (c.dialect() == db::Dialect::kPostgres) {
    return c.Execute(AnyBlockedPairLockingSql(joining_size, everyone_size), params).one().Bool(0);
  }
  return !c.Execute(AnyBlockedPairSql(joining_size, everyone_size), params).empty();
}

std::vector<BlockRelation> ConversationStore::BlockRelations(db::Connection& c, core::UserId user,
                                                             std::span<const core::UserId> others) const {
  if (others.empty()) return {};
  const auto params = PaddedIds(others, db::Value(user.value));
  std::vector<BlockRelation> out;
  for (const auto& r : c.Execute(BlockRelationsSql(c.dialect(), params.size() - 1), params).rows) {
    const auto ways = r.Int(1);
    if (ways == 0) continue;
    const core::UserId other(r.Int(0));
    auto it = std::find_if(out.begin(), out.end(), [&](const BlockRelation& b) { return b.other == other; });
    if (it == out.end()) it = out.insert(out.end(), BlockRelation{.other = other});
    it->user_blocked = it->user_blocked || (ways & 1) != 0;
    it->other_blocked = it->other_blocked || (ways & 2) != 0;
  }
  return out;
}

std::vector<core::UserId> ConversationStore::InBlockRelation(db::Connection& c, core::UserId user,
                                                             std::span<const core::UserId> others) const {
  std::vector<core::UserId> out;
  for (const auto& relation : BlockRelations(c, user, others)) out.push_back(relation.other);
  return out;
}

}  // namespace lenslet::store
