// lenslet_socketio_load: holds N Socket.IO connections over WebSocket, then
// sends messages at a fixed global rate and measures the delivery latency from
// each message's scheduled send time to its delivery, the delivered rate, and
// (with --server-pid) the server's memory per idle connection. Prints
// key=value lines (and "# " comment lines with reasons); asserts nothing.
//
//   lenslet_socketio_load --mode echo -n 10000 --rate 1000 --server-pid $(pidof lenslet-socketio-echo)
//   lenslet_socketio_load --mode lenslet --port 8081 -n 10000 --tokens tokens.txt --rate 1000
//
// See bench/README.md and bench/socketio-bench.sh.
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "conversations.hpp"
#include "options.hpp"
#include "shard.hpp"
#include "system.hpp"
#include "workload.hpp"

namespace {

namespace net = boost::asio;
using lenslet::bench::Clock;
using lenslet::bench::Options;

// Descriptors beyond the connections: stdio, the epoll and timer fds of each
// thread, the HTTP connections of the setup.
constexpr std::size_t kSpareDescriptors = 64;

void Print(const char* key, double value) { std::printf("%s=%.3f\n", key, value); }
void Print(const char* key, std::uint64_t value) {
  std::printf("%s=%llu\n", key, static_cast<unsigned long long>(value));
}
void Print(const char* key, long value) { std::printf("%s=%ld\n", key, value); }
void Print(const char* key, const std::string& value) { std::printf("%s=%s\n", key, value.c_str()); }

void PrintReasons(const char* what, const std::map<std::string, std::uint64_t>& reasons) {
  for (const auto& [reason, count] : reasons) {
    std::printf("# %s: %s: %llu\n", what, reason.c_str(), static_cast<unsigned long long>(count));
  }
}

double SecondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::vector<lenslet::bench::Account> ReadTokens(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<lenslet::bench::Account> accounts;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    lenslet::bench::Account account;
    if (fields >> account.username >> account.access_token) accounts.push_back(std::move(account));
  }
  return accounts;
}

std::optional<lenslet::bench::Rss> ServerRss(const Options& o) {
  return o.server_pid ? lenslet::bench::ReadRss(*o.server_pid) : std::nullopt;
}

int Run(const Options& o) {
  const auto fd_limit = lenslet::bench::RaiseFileLimit();
  if (o.clients + o.rest_connections + kSpareDescriptors > fd_limit) {
    std::fprintf(stderr,
                 "lenslet_socketio_load: %zu connections need about %zu file descriptors, and the hard limit "
                 "(ulimit -Hn) is %zu: raise it (limits.conf, systemd LimitNOFILE=, or ulimit -Hn as root)\n",
                 o.clients, o.clients + o.rest_connections + kSpareDescriptors, fd_limit);
    return 1;
  }
  if (const auto ports = lenslet::bench::EphemeralPorts(); ports && o.clients > *ports * o.source_addresses) {
    std::fprintf(
        stderr,
        "lenslet_socketio_load: %zu connections to one server address need more than the %zu ephemeral "
        "ports of %zu source address(es): pass --source-addresses %zu\n",
        o.clients, *ports, o.source_addresses, o.clients / *ports + 1);
    return 1;
  }

  net::io_context resolver_io;
  net::ip::tcp::endpoint server;
  {
    net::ip::tcp::resolver resolver(resolver_io);
    const auto results = resolver.resolve(net::ip::tcp::v4(), o.host, std::to_string(o.port));
    if (results.empty()) throw std::runtime_error("cannot resolve " + o.host);
    server = results.begin()->endpoint();
  }
  const std::string host_header = o.host + ":" + std::to_string(o.port);

  Print("mode", std::string(o.mode == lenslet::bench::Mode::kEcho ? "echo" : "lenslet"));
  Print("clients", static_cast<std::uint64_t>(o.clients));
  Print("threads", static_cast<std::uint64_t>(o.threads));
  Print("rate_target", o.rate);
  Print("duration_s", std::chrono::duration<double>(o.duration).count());
  std::fflush(stdout);

  std::unique_ptr<lenslet::bench::Workload> workload;
  if (o.mode == lenslet::bench::Mode::kEcho) {
    workload = lenslet::bench::MakeEchoWorkload();
  } else {
    auto accounts = ReadTokens(o.tokens_file);
    if (accounts.size() < o.clients) {
      std::fprintf(stderr, "lenslet_socketio_load: %s has %zu tokens, %zu clients need one each\n",
                   o.tokens_file.c_str(), accounts.size(), o.clients);
      return 1;
    }
    auto setup =
        lenslet::bench::CreateConversations(server, host_header, accounts, o.clients / 2, o.rest_connections);
    std::uint64_t failed = 0;
    for (const auto& [reason, count] : setup.failures) failed += count;
    Print("conversations_created", static_cast<std::uint64_t>(o.clients / 2) - failed);
    Print("conversations_failed", failed);
    Print("conversations_s", setup.seconds);
    PrintReasons("conversation failure", setup.failures);
    std::fflush(stdout);
    if (!o.after_setup.empty()) {
      if (const int status = std::system(o.after_setup.c_str()); status != 0) {
        std::printf("# warning: --after-setup command exited with status %d\n", status);
      }
    }
    workload = lenslet::bench::MakeLensletWorkload(std::move(accounts), std::move(setup.ids));
  }

  const auto rss_before = ServerRss(o);
  if (rss_before) Print("server_rss_before_kb", rss_before->total_kb);

  // Pairs stay on one thread (client i on thread (i / 2) % threads).
  lenslet::bench::Progress progress;
  std::vector<std::unique_ptr<lenslet::bench::Shard>> shards;
  {
    std::vector<std::vector<std::size_t>> owned(o.threads);
    for (std::size_t i = 0; i < o.clients; ++i) owned[(i / 2) % o.threads].push_back(i);
    for (auto& clients : owned) {
      shards.push_back(
          std::make_unique<lenslet::bench::Shard>(o, *workload, server, std::move(clients), progress));
    }
  }
  const auto ramp_start = Clock::now() + std::chrono::milliseconds(10);
  for (auto& shard : shards) shard->Start(ramp_start);
  const auto ramp_seconds = static_cast<double>(o.clients) / o.ramp_per_second;
  const auto give_up =
      ramp_start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(ramp_seconds)) +
      o.connect_timeout + std::chrono::seconds(5);
  while (progress.established + progress.failed < o.clients && Clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const double connect_s = SecondsSince(ramp_start);
  Print("connections_established", static_cast<std::uint64_t>(progress.established.load()));
  Print("connections_failed", static_cast<std::uint64_t>(progress.failed.load()));
  Print("connect_s", connect_s);
  std::fflush(stdout);

  std::this_thread::sleep_for(o.settle);
  if (const auto rss_idle = ServerRss(o); rss_idle && rss_before) {
    Print("server_rss_idle_kb", rss_idle->total_kb);
    const auto established = progress.established.load();
    if (established > 0) {
      const auto per_connection = [&](long idle, long before) {
        return static_cast<double>(idle - before) / static_cast<double>(established);
      };
      Print("server_kb_per_idle_connection", per_connection(rss_idle->total_kb, rss_before->total_kb));
      // The split: anon is the server's own memory; file is mapped file pages
      // the connections' queries touched (SQLite reads through mmap).
      Print("server_anon_kb_per_idle_connection", per_connection(rss_idle->anon_kb, rss_before->anon_kb));
      Print("server_file_kb_per_idle_connection", per_connection(rss_idle->file_kb, rss_before->file_kb));
      // Each resident page once (see Rss): the file part above counts a
      // database page once per SQLite connection that has read it.
      if (rss_idle->distinct_file_kb >= 0 && rss_before->distinct_file_kb >= 0) {
        Print("server_distinct_kb_per_idle_connection",
              per_connection(rss_idle->anon_kb + rss_idle->distinct_file_kb,
                             rss_before->anon_kb + rss_before->distinct_file_kb));
        Print("server_distinct_file_kb_per_idle_connection",
              per_connection(rss_idle->distinct_file_kb, rss_before->distinct_file_kb));
      }
    }
  }
  std::fflush(stdout);

  const std::size_t senders = progress.connected_senders.load();
  double send_s = 0;
  std::int64_t send_origin_ns = 0;
  if (o.rate > 0 && o.duration.count() > 0 && senders > 0) {
    const auto cpu_before = o.server_pid ? lenslet::bench::CpuSeconds(*o.server_pid) : std::nullopt;
    // Our own CPU too: a generator near 100% of its cores measures itself.
    const auto own_cpu_before = lenslet::bench::CpuSeconds(static_cast<int>(getpid()));
    const auto start = Clock::now() + std::chrono::milliseconds(50);
    const auto end = start + o.duration;
    send_origin_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(start.time_since_epoch()).count();
    // Each thread sends its share, in proportion to the senders it holds.
    for (auto& shard : shards) {
      shard->BeginSending(
          o.rate * static_cast<double>(shard->connected_senders()) / static_cast<double>(senders), start,
          end);
    }
    std::this_thread::sleep_until(end);
    send_s = std::chrono::duration<double>(o.duration).count();
    const auto cpu_after = o.server_pid ? lenslet::bench::CpuSeconds(*o.server_pid) : std::nullopt;
    if (cpu_before && cpu_after)
      Print("server_cpu_percent", 100.0 * (*cpu_after - *cpu_before) / SecondsSince(start));
    if (const auto own_cpu_after = lenslet::bench::CpuSeconds(static_cast<int>(getpid()));
        own_cpu_before && own_cpu_after) {
      Print("generator_cpu_percent", 100.0 * (*own_cpu_after - *own_cpu_before) / SecondsSince(start));
    }
    std::this_thread::sleep_for(o.drain);
  }
  if (const auto rss_end = ServerRss(o)) Print("server_rss_end_kb", rss_end->total_kb);
  if (const auto own = lenslet::bench::VmRssKb(static_cast<int>(getpid()))) Print("generator_rss_kb", *own);

  lenslet::bench::ShardStats total;
  for (auto& shard : shards) {
    shard->Stop();
    total.Merge(shard->stats());
  }
  std::uint64_t ack_errors = 0;
  for (const auto& [code, count] : total.ack_errors) ack_errors += count;
  const std::uint64_t expected = total.sent - ack_errors;  // a refused message is not delivered

  Print("connections_dropped", static_cast<std::uint64_t>(progress.dropped.load()));
  Print("senders", static_cast<std::uint64_t>(senders));
  Print("messages_sent", total.sent);
  Print("messages_delivered", total.delivered);
  Print("messages_lost", expected > total.delivered ? expected - total.delivered : 0);
  Print("messages_skipped", total.skipped);
  if (send_s > 0) {
    Print("sent_per_s", static_cast<double>(total.sent) / send_s);
    Print("delivered_per_s", static_cast<double>(total.delivered) / send_s);
  }
  std::fputs(total.delivery.Report("latency").c_str(), stdout);
  if (!o.timeline_file.empty() && !total.delivery.WriteTimeline(o.timeline_file, send_origin_ns)) {
    std::fprintf(stderr, "cannot write %s\n", o.timeline_file.c_str());
  }
  if (o.mode == lenslet::bench::Mode::kLenslet) {
    Print("acks_ok", total.acks_ok);
    Print("acks_error", ack_errors);
    Print("acks_missing", total.acks_missing);
    Print("self_copies", total.self_copies);
    std::fputs(total.ack.Report("ack_latency").c_str(), stdout);
  }
  std::fputs(total.connect.Report("connect_latency").c_str(), stdout);
  PrintReasons("connect failure", total.connect_failures);
  PrintReasons("dropped", total.drops);
  PrintReasons("ack error", total.ack_errors);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int exit_code = 0;
  const auto options = lenslet::bench::ParseOptions(argc, argv, exit_code);
  if (!options) return exit_code;
  try {
    return Run(*options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lenslet_socketio_load: %s\n", e.what());
    return 1;
  }
}
