#include "store/message_store.hpp"

#include <limits>
#include <map>

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

MessageRow ReadMessage(const db::Row& r) {
  MessageRow row;
  row.id = core::MessageId(r.Int(0));
  row.conversation = core::ConversationId(r.Int(1));
  row.text = r.Text(2);
  row.client_id = r.Text(3);
  row.created_at = r.Int(4);
  if (!r.IsNull(5)) {
    PostMediaRow media;
    media.width = static_cast<int>(r.Int(5));
    media.height = static_cast<int>(r.Int(6));
    media.alt = r.OptText(7).value_or("");
    media.placeholder = r.OptText(8).value_or("");
    media.average_colour = r.OptText(9).value_or("");
    row.media = std::move(media);
  }
  row.sender = ReadUserColumns(r, kSenderColumn);
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
    const auto original = c.Exec(kFindByClientId, message.sender, message.client_id).one();
    out.id = core::MessageId(original.Int(0));
    out.conversation = core::ConversationId(original.Int(1));
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

}  // namespace lenslet::store
