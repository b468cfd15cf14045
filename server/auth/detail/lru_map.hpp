#pragma once
// A map with a bound on its size that forgets the least recently used key
// first, so flooding it with new keys cannot reset a key that is in use (the
// throttles' memory bound). Not thread-safe: the owner locks.
#include <cstddef>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace lenslet::auth::detail {

template <typename Value>
class LruMap {
 public:
  explicit LruMap(std::size_t max_keys) : max_keys_(max_keys == 0 ? 1 : max_keys) {}

  // The value of key, made most recently used; nullptr when absent.
  Value* Find(std::string_view key) {
    const auto it = entries_.find(std::string(key));
    if (it == entries_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second.second);
    return &it->second.first;
  }

  // The value of key, created (default) when absent; most recently used.
  Value& Touch(std::string_view key) {
    if (Value* found = Find(key)) return *found;
    while (entries_.size() >= max_keys_) {
      entries_.erase(order_.back());
      order_.pop_back();
    }
    order_.emplace_front(key);
    return entries_.emplace(std::string(key), std::make_pair(Value{}, order_.begin())).first->second.first;
  }

  void Erase(std::string_view key) {
    const auto it = entries_.find(std::string(key));
    if (it == entries_.end()) return;
    order_.erase(it->second.second);
    entries_.erase(it);
  }

  std::size_t size() const { return entries_.size(); }

 private:
  std::size_t max_keys_;
  std::list<std::string> order_;  // most recently used first
  std::unordered_map<std::string, std::pair<Value, std::list<std::string>::iterator>> entries_;
};

}  // namespace lenslet::auth::detail
