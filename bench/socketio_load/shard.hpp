#pragma once
// One client thread: an io_context, the connections it owns, its share of the
// connection ramp and of the message rate, and its counters. Nothing here is
// shared between threads except `Progress` (atomics the main thread watches);
// the stats are read only after Stop() has joined the thread.
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "latency.hpp"
#include "options.hpp"
#include "sio_client.hpp"
#include "workload.hpp"

namespace lenslet::bench {

using Clock = std::chrono::steady_clock;

struct Progress {
  std::atomic<std::size_t> established{0};
  std::atomic<std::size_t> failed{0};
  std::atomic<std::size_t> dropped{0};  // closed by the server (or the network) after joining
  std::atomic<std::size_t> connected_senders{0};
};

struct ShardStats {
  std::uint64_t sent = 0;
  std::uint64_t skipped = 0;  // a sender's turn came while its connection was down
  std::uint64_t delivered = 0;
  std::uint64_t self_copies = 0;  // message:new heard by the sending socket itself
  std::uint64_t other_events = 0;
  std::uint64_t acks_ok = 0;
  std::uint64_t acks_missing = 0;  // asked for, never answered
  std::map<std::string, std::uint64_t> ack_errors;
  std::map<std::string, std::uint64_t> connect_failures;
  std::map<std::string, std::uint64_t> drops;
  Latencies connect;   // TCP connect → Socket.IO CONNECT answered
  Latencies delivery;  // scheduled send time → delivery event read
  Latencies ack;       // scheduled send time → ack read

  void Merge(ShardStats& other);
};

class Shard final : public SioClientHandler {
 public:
  // `clients`: the global indices this shard connects.
  Shard(const Options& options, const Workload& workload, boost::asio::ip::tcp::endpoint server,
        std::vector<std::size_t> clients, Progress& progress);
  ~Shard() override;

  // Starts the thread; client i opens at ramp_start + i / options.ramp_per_second.
  void Start(Clock::time_point ramp_start);
  // Emits `rate` messages/s over this shard's connected senders in [start, end),
  // message k stamped with its scheduled time start + k / rate (open loop: a
  // slow server or a late generator shows up as latency, never as fewer sends).
  void BeginSending(double rate, Clock::time_point start, Clock::time_point end);
  // Closes every connection, stops the thread and joins it.
  void Stop();
  // After Stop().
  ShardStats& stats() { return stats_; }
  // Senders connected so far (any thread may ask).
  std::size_t connected_senders() const { return connected_senders_.load(); }

  void OnEvent(SioClient& client, std::string_view name, const boost::json::array& args) override;
  void OnAck(SioClient& client, std::uint64_t ack_id, const boost::json::array& args) override;

 private:
  boost::asio::awaitable<void> Ramp(Clock::time_point start);
  boost::asio::awaitable<void> Connection(SioClient& client);
  boost::asio::awaitable<void> SendLoop(double rate, Clock::time_point start, Clock::time_point end);

  const Options& options_;
  const Workload& workload_;
  boost::asio::ip::tcp::endpoint server_;
  std::string host_header_;
  Progress& progress_;
  boost::asio::io_context io_{1};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::vector<std::unique_ptr<SioClient>> clients_;
  std::vector<SioClient*> senders_;
  boost::asio::steady_timer ramp_timer_;
  boost::asio::steady_timer send_timer_;
  std::unordered_map<std::uint64_t, std::int64_t> pending_acks_;  // ack id → scheduled send time
  std::uint64_t next_ack_id_ = 1;
  bool stopping_ = false;
  std::atomic<std::size_t> connected_senders_{0};
  ShardStats stats_;
  std::thread thread_;
};

}  // namespace lenslet::bench
