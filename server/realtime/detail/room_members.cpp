#include "realtime/detail/room_members.hpp"

#include <algorithm>
#include <utility>

namespace lenslet::realtime::detail {

void RoomMembers::Insert(const std::shared_ptr<Socket>& socket) {
  if (many_) {
    many_->emplace(socket.get(), socket);
    return;
  }
  few_.push_back(socket);
  if (few_.size() > kFew) {
    many_ = std::make_unique<std::unordered_map<const Socket*, std::shared_ptr<Socket>>>();
    for (auto& member : few_) many_->emplace(member.get(), std::move(member));
    std::vector<std::shared_ptr<Socket>>().swap(few_);
  }
}

void RoomMembers::Erase(const Socket* socket) {
  if (many_) {
    many_->erase(socket);
    return;
  }
  const auto it = std::find_if(few_.begin(), few_.end(), [&](const auto& member) { return member.get() == socket; });
  if (it == few_.end()) return;
  *it = std::move(few_.back());
  few_.pop_back();
}

}  // namespace lenslet::realtime::detail
