#include "auth/session_cache.hpp"

#include <algorithm>

namespace lenslet::auth {

SessionCache::SessionCache(SessionCacheOptions options, Clock clock)
    : options_(options), clock_(OrSystemClock(std::move(clock))) {}

std::optional<CachedSession> SessionCache::Find(core::SessionId id) {
  const core::Millis now = clock_();
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(id);
  if (it == entries_.end()) return std::nullopt;
  if (now >= it->second.expires_at) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.value;
}

std::uint64_t SessionCache::epoch() const {
  std::lock_guard lock(mutex_);
  return epoch_;
}

void SessionCache::PutActive(core::SessionId id, core::UserId user, std::uint64_t observed_epoch,
                             core::Millis session_expires_at) {
  const core::Millis keep = std::max(options_.positive_ttl_ms, options_.announced_ttl_ms);
  if (keep <= 0) return;
  const core::Millis now = clock_();
  std::lock_guard lock(mutex_);
  if (observed_epoch != epoch_) return;
  MakeRoom(now);
  entries_[id] = Entry{CachedSession{true, user, now}, std::min(now + keep, session_expires_at)};
}

void SessionCache::PutInactive(core::SessionId id) {
  const core::Millis now = clock_();
  std::lock_guard lock(mutex_);
  ++epoch_;
  if (options_.negative_ttl_ms <= 0) {
    entries_.erase(id);
    return;
  }
  MakeRoom(now);
  entries_[id] = Entry{CachedSession{false, {}, now}, now + options_.negative_ttl_ms};
}

void SessionCache::Erase(core::SessionId id) {
  std::lock_guard lock(mutex_);
  ++epoch_;
  entries_.erase(id);
}

void SessionCache::Clear() {
  std::lock_guard lock(mutex_);
  ++epoch_;
  entries_.clear();
}

std::size_t SessionCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void SessionCache::MakeRoom(core::Millis now) {
  if (entries_.size() < options_.max_entries) return;
  std::erase_if(entries_, [now](const auto& item) { return now >= item.second.expires_at; });
  // Still full of live entries: forgetting them all only costs database reads.
  if (entries_.size() >= options_.max_entries) entries_.clear();
}

}  // namespace lenslet::auth
