#include "shard.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <future>
#include <optional>

namespace lenslet::bench {
namespace {

namespace net = boost::asio;

std::int64_t Nanos(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

template <typename Map>
void MergeCounts(Map& into, const Map& from) {
  for (const auto& [key, count] : from) into[key] += count;
}

}  // namespace

void ShardStats::Merge(ShardStats& other) {
  sent += other.sent;
  skipped += other.skipped;
  delivered += other.delivered;
  self_copies += other.self_copies;
  other_events += other.other_events;
  acks_ok += other.acks_ok;
  acks_missing += other.acks_missing;
  MergeCounts(ack_errors, other.ack_errors);
  MergeCounts(connect_failures, other.connect_failures);
  MergeCounts(drops, other.drops);
  connect.Merge(other.connect);
  delivery.Merge(other.delivery);
  ack.Merge(other.ack);
}

Shard::Shard(const Options& options, const Workload& workload, net::ip::tcp::endpoint server,
             std::vector<std::size_t> clients, Progress& progress)
    : options_(options),
      workload_(workload),
      server_(server),
      host_header_(options.host + ":" + std::to_string(options.port)),
      progress_(progress),
      work_(io_.get_executor()),
      ramp_timer_(io_),
      send_timer_(io_) {
  clients_.reserve(clients.size());
  for (const auto index : clients) clients_.push_back(std::make_unique<SioClient>(io_, index, *this));
}

Shard::~Shard() { Stop(); }

void Shard::Start(Clock::time_point ramp_start) {
  net::co_spawn(io_, Ramp(ramp_start), net::detached);
  thread_ = std::thread([this] { io_.run(); });
}

net::awaitable<void> Shard::Ramp(Clock::time_point start) {
  const double per_second = options_.ramp_per_second;
  for (auto& client : clients_) {
    const auto at = start + std::chrono::duration_cast<Clock::duration>(
                                std::chrono::duration<double>(static_cast<double>(client->index()) / per_second));
    ramp_timer_.expires_at(at);
    co_await ramp_timer_.async_wait(net::as_tuple(net::use_awaitable));
    if (stopping_) co_return;
    net::co_spawn(io_, Connection(*client), net::detached);
  }
}

net::awaitable<void> Shard::Connection(SioClient& client) {
  const auto index = client.index();
  std::optional<net::ip::address_v4> source;
  if (options_.source_addresses > 1) {
    source = net::ip::address_v4(0x7F000001u + static_cast<std::uint32_t>(index % options_.source_addresses));
  }
  const auto began = Clock::now();
  const auto why =
      co_await client.Open(server_, source, host_header_, workload_.Auth(index), options_.connect_timeout);
  if (!why.empty()) {
    ++stats_.connect_failures[why];
    ++progress_.failed;
    co_return;
  }
  stats_.connect.Add(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - began).count());
  if (workload_.IsSender(index)) {
    senders_.push_back(&client);
    ++connected_senders_;
    ++progress_.connected_senders;
  }
  ++progress_.established;
  const auto ended = co_await client.Run();
  if (!stopping_) {
    ++stats_.drops[ended];
    ++progress_.dropped;
  }
}

void Shard::BeginSending(double rate, Clock::time_point start, Clock::time_point end) {
  if (rate <= 0) return;
  net::co_spawn(io_, SendLoop(rate, start, end), net::detached);
}

net::awaitable<void> Shard::SendLoop(double rate, Clock::time_point start, Clock::time_point end) {
  std::uint64_t k = 0;
  std::size_t turn = 0;
  const auto scheduled = [&](std::uint64_t n) {
    return start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(static_cast<double>(n) / rate));
  };
  while (!stopping_ && !senders_.empty()) {
    const auto at = scheduled(k);
    if (at >= end) break;
    send_timer_.expires_at(at);
    co_await send_timer_.async_wait(net::as_tuple(net::use_awaitable));
    // Everything due by now goes out, each stamped with its own scheduled time.
    for (const auto now = Clock::now(); !stopping_ && scheduled(k) <= now && scheduled(k) < end; ++k) {
      SioClient& client = *senders_[turn++ % senders_.size()];
      if (!client.open()) {
        ++stats_.skipped;
        continue;
      }
      const auto ack_id = next_ack_id_++;
      const auto sent_ns = Nanos(scheduled(k));
      if (workload_.Send(client, sent_ns, stats_.sent, ack_id)) pending_acks_.emplace(ack_id, sent_ns);
      ++stats_.sent;
    }
  }
}

void Shard::OnEvent(SioClient& client, std::string_view name, const boost::json::array& args) {
  const auto now = Nanos(Clock::now());
  const Delivery delivery = workload_.Classify(client, name, args);
  switch (delivery.kind) {
    case Delivery::Kind::kDelivered:
      ++stats_.delivered;
      stats_.delivery.Add(now - delivery.sent_ns, delivery.sent_ns);
      break;
    case Delivery::Kind::kSelfCopy:
      ++stats_.self_copies;
      break;
    case Delivery::Kind::kOther:
      ++stats_.other_events;
      break;
  }
}

void Shard::OnAck(SioClient&, std::uint64_t ack_id, const boost::json::array& args) {
  const auto now = Nanos(Clock::now());
  const auto found = pending_acks_.find(ack_id);
  if (found == pending_acks_.end()) return;
  stats_.ack.Add(now - found->second);
  pending_acks_.erase(found);
  if (auto error = workload_.AckError(args); error.empty()) {
    ++stats_.acks_ok;
  } else {
    ++stats_.ack_errors[error];
  }
}

void Shard::Stop() {
  if (!thread_.joinable()) return;
  std::promise<void> closed;
  net::post(io_, [this, &closed] {
    stopping_ = true;
    ramp_timer_.cancel();
    send_timer_.cancel();
    for (auto& client : clients_) client->Close();
    closed.set_value();
  });
  closed.get_future().wait();
  // The coroutines end as their operations fail; then run() runs out of work.
  work_.reset();
  thread_.join();
  stats_.acks_missing = pending_acks_.size();
}

}  // namespace lenslet::bench
