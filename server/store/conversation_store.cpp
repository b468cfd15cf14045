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
constexpr std::string_view kAddMember =
    "INSERT INTO conversation_members (conversation_id, user_id, joined_at, last_read_message_id, unread_count) "
    "SELECT id, $2, $3, last_message_id, 0 FROM conversations WHERE id = $1 "
    "ON CONFLICT (conversation_id, user_id) DO NOTHING";

constexpr std::string_view kRemoveMember =
    "DELETE FROM conversation_members WHERE conversation_id = $1 AND user_id = $2";

#define LENSLET_CONVERSATION_COLUMNS                                                            \
  "c.id, c.title, c.is_group, c.created_at, c.updated_at, c.last_message_id, m.last_read_message_id, " \
  "m.unread_count"

constexpr std::string_view kFindForMember =
    "SELECT " LENSLET_CONVERSATION_COLUMNS
    " FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id "
    "WHERE m.conversation_id = $1 AND m.user_id = $2";

constexpr std::string_view kListForMember =
    "SELECT " LENSLET_CONVERSATION_COLUMNS
    " FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id "
    "WHERE m.user_id = $1 AND (c.updated_at < $2 OR (c.updated_at = $2 AND c.id < $3)) "
    "ORDER BY c.updated_at DESC, c.id DESC LIMIT $4";

#undef LENSLET_CONVERSATION_COLUMNS

// Served by the conversation_members_user index (user_id first).
constexpr std::string_view kCountUnreadConversations =
    "SELECT count(*) FROM conversation_members WHERE user_id = $1 AND unread_count > 0";

constexpr std::string_view kMemberIds =
    "SELECT user_id FROM conversation_members WHERE conversation_id = $1 ORDER BY joined_at, user_id";

constexpr std::string_view kLock = "UPDATE conversations SET updated_at = updated_at WHERE id = $1";
constexpr std::string_view kLockAndTouch = "UPDATE conversations SET updated_at = $2 WHERE id = $1";

// Forward only: the WHERE leaves an equal or later marker alone.
constexpr std::string_view kMarkRead =
    "UPDATE conversation_members SET last_read_message_id = $3, "
    "unread_count = (SELECT count(*) FROM messages WHERE conversation_id = $1 AND id > $3 AND sender_id <> $2) "
    "WHERE conversation_id = $1 AND user_id = $2 "
    "AND (last_read_message_id IS NULL OR last_read_message_id < $3)";

constexpr std::string_view kContacts =
    "SELECT DISTINCT o.user_id FROM conversation_members m "
    "JOIN conversation_members o ON o.conversation_id = m.conversation_id "
    "WHERE m.user_id = $1 AND o.user_id <> $1 ORDER BY o.user_id";

// $1 the viewer.
std::string ParticipantsSql(std::size_t n) {
  return "SELECT m.conversation_id, u.last_seen_at, f.accepted, m.last_read_message_id, " + UserColumns("u") +
         " FROM conversation_members m JOIN users u ON u.id = m.user_id "
         "LEFT JOIN follows f ON f.follower_id = $1 AND f.followee_id = u.id "
         "WHERE m.conversation_id IN " +
         InList(2, n) + " ORDER BY m.conversation_id, m.joined_at, m.user_id";
}

// $1 the user; the list twice, once per direction.
std::string InBlockRelationSql(std::size_t n) {
  const auto in = InList(2, n);
  return "SELECT blocked_id FROM blocks WHERE blocker_id = $1 AND blocked_id IN " + in +
         " UNION SELECT blocker_id FROM blocks WHERE blocked_id = $1 AND blocker_id IN " + in;
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

ConversationRow ReadConversation(const db::Row& r) {
  ConversationRow row;
  row.id = core::ConversationId(r.Int(0));
  row.title = r.OptText(1);
  row.is_group = r.Bool(2);
  row.created_at = r.Int(3);
  row.updated_at = r.Int(4);
  if (const auto id = r.OptInt(5)) row.last_message = core::MessageId(*id);
  if (const auto id = r.OptInt(6)) row.last_read = core::MessageId(*id);
  row.unread_count = r.Int(7);
  return row;
}

std::vector<core::UserId> ReadUserIds(const db::Result& result) {
  std::vector<core::UserId> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) out.emplace_back(row.Int(0));
  return out;
}

}  // namespace

DirectConversation ConversationStore::FindOrCreateDirect(db::Connection& c, core::UserId a, core::UserId b,
                                                         core::Millis now) const {
  const auto key = DirectKey(a, b);
  if (const auto row = c.Exec(kInsertDirect, key, a, now).first()) {
    const core::ConversationId id(row->Int(0));
    c.Exec(kAddMember, id, a, now);
    c.Exec(kAddMember, id, b, now);
    return {id, true};
  }
  return {core::ConversationId(c.Exec(kFindDirect, key).one().Int(0)), false};
}

core::ConversationId ConversationStore::CreateGroup(db::Connection& c, core::UserId creator,
                                                    const std::optional<std::string>& title,
                                                    std::span<const core::UserId> others, core::Millis now) const {
  const core::ConversationId id(c.Exec(kInsertGroup, title, creator, now).one().Int(0));
  c.Exec(kAddMember, id, creator, now);
  for (const auto other : others) c.Exec(kAddMember, id, other, now);
  return id;
}

std::optional<ConversationRow> ConversationStore::FindForMember(db::Connection& c, core::ConversationId id,
                                                                core::UserId member) const {
  const auto row = c.Exec(kFindForMember, id, member).first();
  if (!row) return std::nullopt;
  return ReadConversation(*row);
}

std::vector<ConversationRow> ConversationStore::ListForMember(db::Connection& c, core::UserId member,
                                                              const std::optional<ConversationCursor>& after,
                                                              int limit) const {
  const auto updated_at = after ? after->updated_at : std::numeric_limits<std::int64_t>::max();
  const auto id = after ? after->id.value : std::numeric_limits<std::int64_t>::max();
  std::vector<ConversationRow> out;
  for (const auto& row : c.Exec(kListForMember, member, updated_at, id, limit).rows) {
    out.push_back(ReadConversation(row));
  }
  return out;
}

std::vector<ParticipantRow> ConversationStore::Participants(db::Connection& c,
                                                            std::span<const core::ConversationId> ids,
                                                            core::UserId viewer) const {
  if (ids.empty()) return {};
  const auto params = PaddedIds(ids, db::Value(viewer.value));
  std::vector<ParticipantRow> out;
  for (const auto& r : c.Execute(ParticipantsSql(params.size() - 1), params).rows) {
    ParticipantRow row;
    row.conversation = core::ConversationId(r.Int(0));
    row.last_seen_at = r.OptInt(1);
    const auto accepted = r.OptInt(2);
    row.followed_by_me = accepted == 1;
    row.requested_by_me = accepted == 0;
    if (const auto id = r.OptInt(3)) row.last_read = core::MessageId(*id);
    row.user = ReadUserColumns(r, 4);
    out.push_back(std::move(row));
  }
  return out;
}

std::int64_t ConversationStore::CountUnreadConversations(db::Connection& c, core::UserId member) const {
  return c.Exec(kCountUnreadConversations, member).one().Int(0);
}

std::vector<core::UserId> ConversationStore::MemberIds(db::Connection& c, core::ConversationId id) const {
  return ReadUserIds(c.Exec(kMemberIds, id));
}

bool ConversationStore::Lock(db::Connection& c, core::ConversationId id, std::optional<core::Millis> now) const {
  const auto result = now ? c.Exec(kLockAndTouch, id, *now) : c.Exec(kLock, id);
  return result.affected > 0;
}

std::vector<core::UserId> ConversationStore::AddMembers(db::Connection& c, core::ConversationId id,
                                                        std::span<const core::UserId> users,
                                                        core::Millis now) const {
  std::vector<core::UserId> added;
  for (const auto user : users) {
    if (c.Exec(kAddMember, id, user, now).affected > 0) added.push_back(user);
  }
  return added;
}

bool ConversationStore::RemoveMember(db::Connection& c, core::ConversationId id, core::UserId user) const {
  return c.Exec(kRemoveMember, id, user).affected > 0;
}

bool ConversationStore::MarkRead(db::Connection& c, core::ConversationId id, core::UserId member,
                                 core::MessageId message) const {
  return c.Exec(kMarkRead, id, member, message).affected > 0;
}

std::vector<core::UserId> ConversationStore::Contacts(db::Connection& c, core::UserId user) const {
  return ReadUserIds(c.Exec(kContacts, user));
}

std::vector<core::UserId> ConversationStore::InBlockRelation(db::Connection& c, core::UserId user,
                                                             std::span<const core::UserId> others) const {
  if (others.empty()) return {};
  const auto params = PaddedIds(others, db::Value(user.value));
  return ReadUserIds(c.Execute(InBlockRelationSql(params.size() - 1), params));
}

}  // namespace lenslet::store
