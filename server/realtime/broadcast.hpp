#pragma once
// Broadcasts (socket.io's BroadcastOperator and adapter seam): what one
// reaches, how api/ code publishes it, and how it reaches every process.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "realtime/payload.hpp"

namespace lenslet::realtime {

class Server;

// What a broadcast reaches: the sockets of `nsp` in any of `rooms` (all of the
// namespace when empty) and in none of `except`. Plain data, so an adapter can
// carry it to other processes.
struct Broadcast {
  // kEmit sends `event` with `args`; kDisconnect closes the matching
  // connections instead (a logout ends that login's sockets in every process).
  enum class Kind { kEmit, kDisconnect };
  Kind kind = Kind::kEmit;
  std::string nsp = "/";
  std::vector<std::string> rooms;
  std::vector<std::string> except;
  std::string event;
  Payload args;
  // When it was published (UTC microseconds; 0: unknown), for the delivery
  // latency metric; carried between instances (redis/broadcast_codec.hpp).
  std::int64_t published_at_us = 0;

  static std::int64_t NowMicros();

  friend bool operator==(const Broadcast&, const Broadcast&) = default;
};

// The fan-out seam (DESIGN.md "adapter: in-process | Redis pub/sub"): api/
// code publishes, and every process delivers to its own sockets with
// Server::DeliverLocal. Implementations must be thread-safe.
class Publisher {
 public:
  virtual ~Publisher() = default;
  virtual void Publish(Broadcast broadcast) = 0;

  void EmitToRoom(std::string_view nsp, std::string_view room, std::string_view event, Payload args);
  // Closes the connections of the sockets of `nsp` in `room`, in every process.
  void DisconnectRoom(std::string_view nsp, std::string_view room);
};

// One process: publishing is delivering.
class InProcessPublisher final : public Publisher {
 public:
  explicit InProcessPublisher(Server& server) : server_(server) {}
  void Publish(Broadcast broadcast) override;

 private:
  Server& server_;
};

// ns.To("a").To("b").Emit(…): through the server's publisher.
class BroadcastOperator {
 public:
  BroadcastOperator(Server& server, Broadcast broadcast) : server_(server), broadcast_(std::move(broadcast)) {}
  BroadcastOperator To(std::string room) &&;
  void Emit(std::string_view event, Payload args = {}) &&;

 private:
  Server& server_;
  Broadcast broadcast_;
};

}  // namespace lenslet::realtime
