#include "store/media_store.hpp"

#include <map>

#include "core/error.hpp"

namespace lenslet::store {
namespace {

// RETURNING says whether this statement created the row (count == what we added).
constexpr std::string_view kAddRef =
    "INSERT INTO media_blobs (key, ref_count) VALUES ($1, $2) "
    "ON CONFLICT (key) DO UPDATE SET ref_count = media_blobs.ref_count + excluded.ref_count "
    "RETURNING ref_count";

constexpr std::string_view kRelease =
    "UPDATE media_blobs SET ref_count = ref_count - $2 WHERE key = $1 RETURNING ref_count";

constexpr std::string_view kDeleteUnreferenced = "DELETE FROM media_blobs WHERE key = $1 AND ref_count = 0";

constexpr std::string_view kIsReferenced = "SELECT 1 FROM media_blobs WHERE key = $1";

constexpr std::string_view kKeysAfter = "SELECT key FROM media_blobs WHERE key > $1 ORDER BY key LIMIT $2";

constexpr std::string_view kAvatarOf = "SELECT avatar_key FROM users WHERE id = $1";
constexpr std::string_view kSetAvatar = "UPDATE users SET avatar_key = $2, updated_at = $3 WHERE id = $1";

// Sorted, with duplicates counted: one statement per distinct key, in an order
// every unit shares.
std::map<std::string, std::int64_t> Tally(const std::vector<std::string>& keys) {
  std::map<std::string, std::int64_t> counts;
  for (const auto& key : keys) ++counts[key];
  return counts;
}

}  // namespace

std::vector<std::string> MediaStore::AddRefs(db::Connection& c, const std::vector<std::string>& keys) const {
  std::vector<std::string> created;
  for (const auto& [key, n] : Tally(keys)) {
    if (c.Exec(kAddRef, key, n).one().Int(0) == n) created.push_back(key);
  }
  return created;
}

std::vector<std::string> MediaStore::Release(db::Connection& c, const std::vector<std::string>& keys) const {
  std::vector<std::string> released;
  for (const auto& [key, n] : Tally(keys)) {
    const auto row = c.Exec(kRelease, key, n).first();
    // A missing row or a count below zero would be a bookkeeping bug; the
    // CHECK (ref_count >= 0) refuses the latter and rolls the unit back.
    if (row && row->Int(0) == 0) {
      c.Exec(kDeleteUnreferenced, key);
      released.push_back(key);
    }
  }
  return released;
}

std::vector<std::string> MediaStore::Referenced(db::Connection& c, const std::vector<std::string>& keys) const {
  std::vector<std::string> out;
  for (const auto& [key, n] : Tally(keys)) {
    if (!c.Exec(kIsReferenced, key).empty()) out.push_back(key);
  }
  return out;
}

std::vector<std::string> MediaStore::ReplaceAvatar(db::Connection& c, core::UserId user,
                                                   const std::optional<std::string>& key,
                                                   core::Millis now) const {
  const auto row = c.Exec(kAvatarOf, user).first();
  if (!row) core::ThrowNotFound("No such user");
  const auto old_key = row->OptText(0);
  if (old_key == key) return {};
  if (key) AddRefs(c, {*key});
  c.Exec(kSetAvatar, user, key, now);
  if (!old_key) return {};
  return Release(c, {*old_key});
}

std::vector<std::string> MediaStore::KeysAfter(db::Connection& c, const std::string& after, int limit) const {
  std::vector<std::string> keys;
  for (const db::Row& row : c.Exec(kKeysAfter, after, static_cast<std::int64_t>(limit)).rows) {
    keys.push_back(row.Text(0));
  }
  return keys;
}

}  // namespace lenslet::store
