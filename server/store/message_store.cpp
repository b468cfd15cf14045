#include "store/message_store.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>

#include "core/error.hpp"
#include "store/conversation_store.hpp"
#include "store/media_store.hpp"

namespace lenslet::store {
namespace {

// ON CONFLICT (sender_id, client_id) DO NOTHING: a repeated send inserts
// nothing and, on PostgreSQL, waits for a concurrent unit holding the same key
// to finish, so the SELECT below finds the winner's row.
constexpr std::string_view kInsert =
    "INSERT INTO messages (conversation_id, sender_id, text, client_id, media_width, media_height, media_alt, "
    "media_placeholder, media_average_colour, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
    "ON CONFLICT (sender_id, client_id) DO NOTHING RETURNING id";
constexpr std::string_view kFindByClientId =
    "SELECT id, conversation_id FROM messages WHERE sender_id = $1 AND client_id = $2";

constexpr std::string_view kInsertVariant =
    "INSERT INTO message_media_variants (message_id, rank, blob_key, width, height, mime_type) "
    "VALUES ($1, $2, $3, $4, $5, $6)";

constexpr std::string_view kSetLastMessage =
    "UPDATE conversations SET last_message_id = $2, updated_at = $3 WHERE id = $1";
// Not for members in a block relation with the sender: they never see it.
const std::string kCountUnread =
    "UPDATE conversation_members SET unread_count = unread_count + 1 WHERE conversation_id = $1 AND user_id <> $2 "
    "AND NOT " +
    BlockedEitherWaySql("conversation_members.user_id", "$2");

constexpr std::string_view kConversationOf = "SELECT conversation_id FROM messages WHERE id = $1";
const std::string kConversationOfForReader =
    "SELECT m.conversation_id, m.sender_id FROM messages m WHERE m.id = $1 AND NOT " + BlockedEitherWaySql("m.sender_id", "$2");

// InsertInOneStatement: $1 the conversation, $2 the sender, $3 the text, $4
// the client id, $5 now. Every CTE reads the statement's one snapshot, so:
//  - `gate` decides before anything is written, with the rules of
//    api/conversations/detail/send.cpp StoreMessage (who may see what stays
//    decided there, from `members`);
//  - `locked` takes the conversation's row lock (ConversationStore::Lock)
//    BEFORE the insert draws its id, so ids grow in commit order; and only
//    while the row is the version the snapshot saw. A unit that changed the
//    conversation (a send, members added or gone) and committed after the
//    snapshot made a new version: then nothing is written and the caller runs
//    the full unit, whose statements see it.
//  - `ins` feeds the bookkeeping: last message, and unread + 1 for every
//    other member not in a block relation with the sender (kCountUnread).
// A client id stored concurrently inserts nothing (ON CONFLICT waits for it)
// and, invisible to the snapshot, repeats nothing: no row, the full unit.
const std::string kInsertInOneStatement =
    "WITH me AS MATERIALIZED (SELECT c.is_group, m.accepted_at IS NOT NULL AS accepted, c.xmin AS version "
    "FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id "
    "WHERE m.conversation_id = $1::bigint AND m.user_id = $2::bigint), "
    // In a group, whether a member and the sender blocked each other is read
    // through conversation_blocks (migration 0028): the pairs' locks, then a
    // fresh read, so whom the message is counted for and told to is as of a
    // moment no block of theirs is in flight, and a later block waits for
    // this send. In a 1:1 the insert's trigger refuses a blocked pair with a
    // fresh read after the pair's lock.
    "group_blocks AS MATERIALIZED (SELECT conversation_blocks($1::bigint, $2::bigint) AS ids FROM me "
    "WHERE me.is_group = 1), "
    "members AS MATERIALIZED (SELECT o.user_id, o.joined_at, CASE WHEN (SELECT me.is_group FROM me) = 1 THEN "
    "o.user_id = ANY (COALESCE((SELECT g.ids FROM group_blocks g), CAST('{}' AS BIGINT[]))) ELSE " +
    BlockedEitherWaySql("o.user_id", "$2::bigint") +
    " END AS blocked, EXISTS (SELECT 1 FROM restricts r WHERE r.restrictor_id = $2::bigint AND r.restricted_id = "
    "o.user_id) AS restricts, o.accepted_at IS NOT NULL AS accepted, o.request_hidden = 1 AS request_hidden "
    "FROM conversation_members o WHERE o.conversation_id = $1::bigint), "
    "prior AS MATERIALIZED (SELECT id, conversation_id, media_width IS NULL AS text_only FROM messages "
    "WHERE sender_id = $2::bigint AND client_id = $4::text), "
    // No row: not a member, or a 1:1 of a blocked pair.
    // A request's recipients with hidden words need them matched (api/users/hidden_words.hpp).
    "gate AS MATERIALIZED (SELECT me.version, me.accepted AND NOT EXISTS (SELECT 1 FROM prior) AND NOT EXISTS "
    "(SELECT 1 FROM members x JOIN hidden_words w ON w.user_id = x.user_id WHERE x.user_id <> $2::bigint AND NOT "
    "x.blocked AND NOT x.accepted AND NOT x.request_hidden) AS may_insert, "
    "EXISTS (SELECT 1 FROM prior p WHERE p.conversation_id = $1::bigint AND p.text_only) AS may_repeat "
    "FROM me WHERE me.is_group = 1 OR NOT EXISTS (SELECT 1 FROM members x WHERE x.blocked)), "
    "locked AS MATERIALIZED (SELECT c.id FROM conversations c WHERE c.id = $1::bigint AND c.xmin = "
    "(SELECT g.version FROM gate g WHERE g.may_insert) FOR UPDATE), "
    "ins AS (INSERT INTO messages (conversation_id, sender_id, text, client_id, created_at) "
    "SELECT l.id, $2::bigint, $3::text, $4::text, $5::bigint FROM locked l "
    "ON CONFLICT (sender_id, client_id) DO NOTHING RETURNING id, conversation_id, text, client_id, created_at), "
    "last AS (UPDATE conversations c SET last_message_id = i.id, updated_at = $5::bigint FROM ins i "
    "WHERE c.id = i.conversation_id), "
    "unread AS (UPDATE conversation_members cm SET unread_count = cm.unread_count + 1 FROM ins i, members x "
    "WHERE cm.conversation_id = i.conversation_id AND cm.user_id = x.user_id AND x.user_id <> $2::bigint "
    "AND NOT x.blocked), "
    "shown AS (SELECT 1 AS created, i.id, i.conversation_id, i.text, i.client_id, i.created_at FROM ins i "
    "UNION ALL SELECT 0, m.id, m.conversation_id, m.text, m.client_id, m.created_at FROM messages m "
    "JOIN prior p ON p.id = m.id WHERE (SELECT g.may_repeat FROM gate g)) "
    // The members as "user:BRAH" flags (blocked, restricts, accepted, hidden), in joining order.
    "SELECT s.created, CASE WHEN s.created = 1 THEN (SELECT string_agg(x.user_id::text || ':' || "
    "x.blocked::int::text || x.restricts::int::text || x.accepted::int::text || x.request_hidden::int::text, ',' "
    "ORDER BY x.joined_at, x.user_id) FROM members x) END, "
    "s.id, s.conversation_id, s.text, s.client_id, s.created_at, NULL::integer, NULL::integer, NULL::text, "
    "NULL::text, NULL::text, " +
    UserColumns("u") + " FROM shown s JOIN users u ON u.id = $2::bigint";
constexpr std::size_t kOneStatementMessageColumn = 2;

// Reads InsertInOneStatement's member list.
std::vector<MemberFacts> ParseMembers(std::string_view text) {
  std::vector<MemberFacts> out;
  while (!text.empty()) {
    const auto end = std::min(text.find(','), text.size());
    const auto item = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    const auto colon = item.find(':');
    std::int64_t id = 0;
    if (colon == std::string_view::npos || item.size() != colon + 5 ||
        std::from_chars(item.data(), item.data() + colon, id).ptr != item.data() + colon) {
      throw core::Error(core::ErrorCode::kInternal, "Internal error", {}, "message store: bad member list");
    }
    const auto flag = [&](std::size_t k) { return item[colon + 1 + k] == '1'; };
    out.push_back({.user = core::UserId(id),
                   .blocked = flag(0),
                   .subject_restricts = flag(1),
                   .accepted = flag(2),
                   .request_hidden = flag(3)});
  }
  return out;
}

#define LENSLET_MESSAGE_COLUMNS                                                                          \
  "m.id, m.conversation_id, m.text, m.client_id, m.created_at, m.media_width, m.media_height, m.media_alt, " \
  "m.media_placeholder, m.media_average_colour, "
constexpr std::size_t kSenderColumn = 10;

// $4 the reader, $5 the reader's floor (MessageReader).
const std::string kListBefore = "SELECT " LENSLET_MESSAGE_COLUMNS + UserColumns("u") +
                                " FROM messages m JOIN users u ON u.id = m.sender_id "
                                "WHERE m.conversation_id = $1 AND m.id < $2 AND m.id > $5 AND NOT " +
                                BlockedEitherWaySql("m.sender_id", "$4") + " ORDER BY m.id DESC LIMIT $3";
const std::string kListAfter = "SELECT " LENSLET_MESSAGE_COLUMNS + UserColumns("u") +
                               " FROM messages m JOIN users u ON u.id = m.sender_id "
                               "WHERE m.conversation_id = $1 AND m.id > $2 AND m.id > $5 AND NOT " +
                               BlockedEitherWaySql("m.sender_id", "$4") + " ORDER BY m.id LIMIT $3";

std::string LoadManySql(std::size_t n) {
  return "SELECT " LENSLET_MESSAGE_COLUMNS + UserColumns("u") +
         " FROM messages m JOIN users u ON u.id = m.sender_id WHERE m.id IN " + InList(1, n);
}

#undef LENSLET_MESSAGE_COLUMNS

std::string VariantsSql(std::size_t n) {
  return "SELECT message_id, blob_key, width, height, mime_type FROM message_media_variants "
         "WHERE message_id IN " +
         InList(1, n) + " ORDER BY message_id, rank";
}

// The message columns from column `first` on.
MessageRow ReadMessage(const db::Row& r, std::size_t first = 0) {
  MessageRow row;
  row.id = core::MessageId(r.Int(first + 0));
  row.conversation = core::ConversationId(r.Int(first + 1));
  row.text = r.Text(first + 2);
  row.client_id = r.Text(first + 3);
  row.created_at = r.Int(first + 4);
  if (!r.IsNull(first + 5)) {
    PostMediaRow media;
    media.width = static_cast<int>(r.Int(first + 5));
    media.height = static_cast<int>(r.Int(first + 6));
    media.alt = r.OptText(first + 7).value_or("");
    media.placeholder = r.OptText(first + 8).value_or("");
    media.average_colour = r.OptText(first + 9).value_or("");
    row.media = std::move(media);
  }
  row.sender = ReadUserColumns(r, first + kSenderColumn);
  return row;
}

// Reads the rows, then fills the media variants of those with an image in
// one more statement.
std::vector<MessageRow> ReadWithMedia(db::Connection& c, const db::Result& result) {
  std::vector<MessageRow> out;
  out.reserve(result.rows.size());
  std::vector<db::Value> with_media;
  for (const auto& r : result.rows) {
    out.push_back(ReadMessage(r));
    if (out.back().media) with_media.emplace_back(out.back().id.value);
  }
  if (with_media.empty()) return out;
  const auto size = InListSize(with_media.size());
  while (with_media.size() < size) with_media.push_back(with_media.back());
  std::map<std::int64_t, std::vector<MediaVariantRow>> variants;
  for (const auto& r : c.Execute(VariantsSql(size), with_media).rows) {
    variants[r.Int(0)].push_back(MediaVariantRow{.key = r.Text(1),
                                                 .width = static_cast<int>(r.Int(2)),
                                                 .height = static_cast<int>(r.Int(3)),
                                                 .mime_type = r.Text(4)});
  }
  for (auto& message : out) {
    if (!message.media) continue;
    if (auto it = variants.find(message.id.value); it != variants.end()) message.media->variants = std::move(it->second);
  }
  return out;
}

}  // namespace

InsertedMessage MessageStore::Insert(db::Connection& c, const NewMessage& message) const {
  ConversationStore().Lock(c, message.conversation);
  const auto* media = message.media ? &*message.media : nullptr;
  const auto inserted =
      c.Exec(kInsert, message.conversation, message.sender, message.text, message.client_id,
             media ? std::optional<int>(media->width) : std::nullopt,
             media ? std::optional<int>(media->height) : std::nullopt,
             media ? std::optional<std::string>(media->alt) : std::nullopt,
             media ? std::optional<std::string>(media->placeholder) : std::nullopt,
             media ? std::optional<std::string>(media->average_colour) : std::nullopt, message.now)
          .first();
  InsertedMessage out;
  if (!inserted) {
    const auto original = c.Exec(kFindByClientId, message.sender, message.client_id).first();
    if (!original) {
      out.conversation = message.conversation;
      out.refused = true;
      return out;
    }
    out.id = core::MessageId(original->Int(0));
    out.conversation = core::ConversationId(original->Int(1));
    return out;
  }
  out.id = core::MessageId(inserted->Int(0));
  out.conversation = message.conversation;
  out.created = true;
  if (media) {
    // References first: the variant rows' foreign key needs the blob rows.
    std::vector<std::string> keys;
    for (const auto& v : media->variants) keys.push_back(v.key);
    out.new_blobs = MediaStore().AddRefs(c, keys);
    for (std::size_t rank = 0; rank < media->variants.size(); ++rank) {
      const auto& v = media->variants[rank];
      c.Exec(kInsertVariant, out.id, static_cast<std::int64_t>(rank), v.key, v.width, v.height, v.mime_type);
    }
  }
  c.Exec(kSetLastMessage, message.conversation, out.id, message.now);
  c.Exec(kCountUnread, message.conversation, message.sender);
  return out;
}

std::optional<SentMessageRow> MessageStore::InsertInOneStatement(db::Connection& c,
                                                                 const NewMessage& message) const {
  if (c.dialect() != db::Dialect::kPostgres || message.media) {
    throw core::Error(core::ErrorCode::kInternal, "Internal error", {},
                      "message store: the one-statement send is for text on PostgreSQL");
  }
  const auto row = c.Exec(kInsertInOneStatement, message.conversation, message.sender, message.text,
                          message.client_id, message.now)
                       .first();
  if (!row) return std::nullopt;
  SentMessageRow out{.message = ReadMessage(*row, kOneStatementMessageColumn), .created = row->Bool(0)};
  if (const auto members = row->OptText(1)) out.members = ParseMembers(*members);
  return out;
}

std::vector<MessageRow> MessageStore::LoadMany(db::Connection& c, std::span<const core::MessageId> ids) const {
  if (ids.empty()) return {};
  std::vector<db::Value> params;
  const auto size = InListSize(ids.size());
  for (const auto id : ids) params.emplace_back(id.value);
  while (params.size() < size) params.emplace_back(ids.back().value);
  return ReadWithMedia(c, c.Execute(LoadManySql(size), params));
}

std::vector<MessageRow> MessageStore::ListBefore(db::Connection& c, core::ConversationId conversation,
                                                 std::optional<core::MessageId> before, int limit,
                                                 const MessageReader& reader) const {
  const auto below = before ? before->value : std::numeric_limits<std::int64_t>::max();
  return ReadWithMedia(c, c.Exec(kListBefore, conversation, below, limit, reader.user, reader.floor));
}

std::vector<MessageRow> MessageStore::ListAfter(db::Connection& c, core::ConversationId conversation,
                                                core::MessageId after, int limit,
                                                const MessageReader& reader) const {
  return ReadWithMedia(c, c.Exec(kListAfter, conversation, after, limit, reader.user, reader.floor));
}

std::optional<std::pair<core::MessageId, core::ConversationId>> MessageStore::FindByClientId(
    db::Connection& c, core::UserId sender, std::string_view client_id) const {
  const auto row = c.Exec(kFindByClientId, sender, client_id).first();
  if (!row) return std::nullopt;
  return std::pair(core::MessageId(row->Int(0)), core::ConversationId(row->Int(1)));
}

std::optional<core::ConversationId> MessageStore::ConversationOf(db::Connection& c, core::MessageId id) const {
  const auto row = c.Exec(kConversationOf, id).first();
  if (!row) return std::nullopt;
  return core::ConversationId(row->Int(0));
}

std::optional<std::pair<core::ConversationId, core::UserId>> MessageStore::PlaceFor(db::Connection& c,
                                                                                    core::MessageId id,
                                                                                    core::UserId reader) const {
  const auto row = c.Exec(kConversationOfForReader, id, reader).first();
  if (!row) return std::nullopt;
  return std::pair(core::ConversationId(row->Int(0)), core::UserId(row->Int(1)));
}

}  // namespace lenslet::store
