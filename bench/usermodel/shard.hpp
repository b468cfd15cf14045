#pragma once
// One client thread: an io_context, the people it simulates (each with one
// Socket.IO connection), one HTTP keep-alive pool for them all, the merged
// Poisson schedule of their actions, and its figures. Only `Progress` and
// `Window` are shared between threads; the stats are read after Stop().
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/array.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http_pool.hpp"
#include "options.hpp"
#include "sio_client.hpp"
#include "stats.hpp"
#include "world.hpp"

namespace lenslet::bench::usermodel {

using Clock = std::chrono::steady_clock;

struct Progress {
  std::atomic<std::size_t> established{0};
  std::atomic<std::size_t> failed{0};
  std::atomic<std::size_t> dropped{0};
};

// The measured window, in steady_clock nanoseconds: what is scheduled before
// `from` is warm-up and not counted (deliveries included, whichever thread
// hears them).
struct Window {
  std::atomic<std::int64_t> from{INT64_MAX};
};

class Shard final : public bench::SioClientHandler {
 public:
  Shard(const Options& options, const World& world, boost::asio::ip::tcp::endpoint server,
        std::vector<std::size_t> people, std::size_t index, Progress& progress, const Window& window);
  ~Shard() override;

  // Starts the thread; person i connects at ramp_start + i / options.ramp_per_second.
  void Start(Clock::time_point ramp_start);
  // Runs the mix from `start` until `end` (open loop).
  void BeginLoad(Clock::time_point start, Clock::time_point end);
  // Closes every connection (unanswered requests count as errors), joins the thread.
  void Stop();
  Stats& stats() { return stats_; }
  std::size_t http_connections() const { return http_connections_opened_; }

  void OnEvent(bench::SioClient& client, std::string_view name, const boost::json::array& args) override;
  void OnAck(bench::SioClient& client, std::uint64_t ack_id, const boost::json::array& args) override;

 private:
  struct Person {
    std::size_t index = 0;  // into world.accounts
    std::unique_ptr<bench::SioClient> socket;
    std::vector<PostRef> feed;          // the last home-feed pages read
    std::vector<std::string> followed;  // followed during this run
    std::uint64_t messages = 0;
  };
  struct PendingAck {
    std::int64_t scheduled_ns = 0;
  };

  boost::asio::awaitable<void> Ramp(Clock::time_point start);
  boost::asio::awaitable<void> Connection(Person& person);
  boost::asio::awaitable<void> Schedule(Clock::time_point start, Clock::time_point end);
  void Act(Person& person, Action action, std::int64_t scheduled_ns);

  boost::asio::awaitable<void> Feed(Person& person, std::int64_t scheduled_ns);
  boost::asio::awaitable<void> Get(Person& person, Kind kind, std::string target, std::int64_t scheduled_ns);
  boost::asio::awaitable<void> LikeToggle(Person& person, PostRef post, std::int64_t scheduled_ns);
  boost::asio::awaitable<void> Profile(Person& person, std::string username, std::int64_t scheduled_ns);
  boost::asio::awaitable<void> Explore(Person& person, std::int64_t scheduled_ns);
  boost::asio::awaitable<void> Comment(Person& person, std::string post_id, std::int64_t scheduled_ns);
  boost::asio::awaitable<void> FollowToggle(Person& person, std::int64_t scheduled_ns);
  boost::asio::awaitable<void> Upload(Person& person, std::int64_t scheduled_ns);
  void Message(Person& person, std::int64_t scheduled_ns);

  // A post this person can see: from their own feed, else a public one.
  const PostRef* PickPost(Person& person);
  // Counts one answer (or failure) of `kind` scheduled at `scheduled_ns`;
  // returns whether it succeeded (2xx).
  bool Record(Kind kind, std::int64_t scheduled_ns, const HttpResult& result);
  bool Counted(std::int64_t scheduled_ns) const;
  // Into stats_.slow when --slow-log asks for it (kind kKindCount: a delivery).
  void KeepIfSlow(std::int64_t scheduled_ns, std::size_t kind, std::int64_t latency_ns);
  const std::string& TokenOf(const Person& person) const {
    return world_.accounts[person.index].access_token;
  }

  const Options& options_;
  const World& world_;
  boost::asio::ip::tcp::endpoint server_;
  std::string host_header_;
  std::size_t index_;
  Progress& progress_;
  const Window& window_;
  boost::asio::io_context io_{1};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  HttpPool http_;
  std::vector<Person> people_;
  std::vector<PostRef> public_posts_;  // the world's, plus what /explore showed this thread
  std::size_t public_next_ = 0;        // ring position once full
  boost::asio::steady_timer ramp_timer_;
  boost::asio::steady_timer schedule_timer_;
  std::unordered_map<std::uint64_t, PendingAck> pending_acks_;
  std::uint64_t next_ack_id_ = 1;
  std::mt19937_64 rng_;
  bool stopping_ = false;
  std::size_t http_connections_opened_ = 0;
  Stats stats_;
  std::thread thread_;
};

}  // namespace lenslet::bench::usermodel
