#pragma once
// The sockets of one room. Most rooms hold one socket or a few (a user's
// devices, one login's), so a plain vector (one small block) holds them;
// past kFew members a hash map keeps removal O(1) for a big room.
#include <cstddef>
#include <memory>
#include <unordered_map>
#include <vector>

namespace lenslet::realtime {
class Socket;
}  // namespace lenslet::realtime

namespace lenslet::realtime::detail {

class RoomMembers {
 public:
  void Insert(const std::shared_ptr<Socket>& socket);
  void Erase(const Socket* socket);
  bool empty() const { return many_ ? many_->empty() : few_.empty(); }
  template <typename F>
  void ForEach(F&& f) const {
    if (many_) {
      for (const auto& [raw, socket] : *many_) f(socket);
    } else {
      for (const auto& socket : few_) f(socket);
    }
  }

  static constexpr std::size_t kFew = 16;

 private:
  std::vector<std::shared_ptr<Socket>> few_;
  std::unique_ptr<std::unordered_map<const Socket*, std::shared_ptr<Socket>>> many_;
};

}  // namespace lenslet::realtime::detail
