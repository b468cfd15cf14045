// lenslet_usermodel_load: N simulated people on a seeded Lenslet, each with
// one authenticated Socket.IO connection, doing per minute on average what
// people do (bench/usermodel/mix.hpp: feed pages, post views, likes, direct
// messages, profiles, explore, notifications, comments, follows, a photo a
// day), open loop. Prints per kind of request count, p50/p99/p99.9 and
// errors, message delivery and loss, the server's CPU and memory, and
// objective=PASS or FAIL against the service objective (every kind p99 ≤
// 50 ms, delivery p99 ≤ 100 ms, no errors, no lost message).
//
//   lenslet seed --data-dir d --users 2000 --posts-per-user 3 --tokens-out tokens.txt
//   lenslet serve --data-dir d --port 8080 &
//   lenslet_usermodel_load --port 8080 --tokens tokens.txt -n 2000 --server-pid $!
//
// See bench/README.md and bench/capacity.sh.
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "images.hpp"
#include "options.hpp"
#include "setup.hpp"
#include "shard.hpp"
#include "system.hpp"

namespace {

namespace net = boost::asio;
namespace um = lenslet::bench::usermodel;
using um::Clock;

constexpr std::size_t kSpareDescriptors = 64;

void Print(const char* key, double value) { std::printf("%s=%.3f\n", key, value); }
void Print(const char* key, std::uint64_t value) {
  std::printf("%s=%llu\n", key, static_cast<unsigned long long>(value));
}
void Print(const char* key, const std::string& value) { std::printf("%s=%s\n", key, value.c_str()); }

// --slow-log: each slow request and delivery, oldest first, at the wall-clock
// time it was scheduled (steady_clock moved onto the system clock), so it
// lines up with PostgreSQL's and the server's logs.
void WriteSlowLog(const std::string& path, std::vector<um::SlowRequest> slow) {
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (out == nullptr) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    return;
  }
  const auto steady = std::chrono::steady_clock::now().time_since_epoch();
  const auto wall = std::chrono::system_clock::now().time_since_epoch();
  const auto offset_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(wall - steady).count();
  std::sort(slow.begin(), slow.end(),
            [](const um::SlowRequest& a, const um::SlowRequest& b) { return a.scheduled_ns < b.scheduled_ns; });
  for (const auto& entry : slow) {
    const std::string kind = entry.kind < um::kKindCount ? std::string(um::kKindNames[entry.kind]) : "delivery";
    std::fprintf(out, "%.3f %s %.3f\n", static_cast<double>(entry.scheduled_ns + offset_ns) / 1e6, kind.c_str(),
                 static_cast<double>(entry.latency_ns) / 1e6);
  }
  std::fclose(out);
}

void PrintReasons(const std::string& what, const std::map<std::string, std::uint64_t>& reasons) {
  for (const auto& [reason, count] : reasons) {
    std::printf("# %s: %s: %llu\n", what.c_str(), reason.c_str(), static_cast<unsigned long long>(count));
  }
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

std::string MultipartBody(const std::string& boundary, const std::string& jpeg) {
  std::string body;
  body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\n";
  body += "Fresh from my phone #bench\r\n";
  body +=
      "--" + boundary + "\r\nContent-Disposition: form-data; name=\"images\"; filename=\"IMG_0001.jpg\"\r\n";
  body += "Content-Type: image/jpeg\r\n\r\n";
  body += jpeg;
  body += "\r\n--" + boundary + "--\r\n";
  return body;
}

// The load, once started, keeps running on its threads meanwhile; the CPU readings are taken
// after the start hook and before the end hook, so the window's figures
// leave the hooks out.
void RunHook(const char* flag, const std::string& command) {
  if (command.empty()) return;
  std::fflush(stdout);
  if (const int status = std::system(command.c_str()); status != 0) {
    std::printf("# warning: %s command exited with status %d\n", flag, status);
  }
}

int Run(const um::Options& o) {
  const auto fd_limit = lenslet::bench::RaiseFileLimit();
  const auto needed = o.users + o.threads * o.http_connections + o.setup_connections + kSpareDescriptors;
  if (needed > fd_limit) {
    std::fprintf(stderr,
                 "lenslet_usermodel_load: %zu people need about %zu file descriptors, the limit is %zu\n",
                 o.users, needed, fd_limit);
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

  um::World world;
  world.accounts = um::ReadAccounts(o.tokens_file);
  if (world.accounts.size() < o.users) {
    std::fprintf(stderr, "lenslet_usermodel_load: %s has %zu accounts, %zu people need one each\n",
                 o.tokens_file.c_str(), world.accounts.size(), o.users);
    return 1;
  }
  world.people = o.users;
  world.run_tag = std::to_string(std::random_device{}() % 1'000'000'000);
  world.upload_boundary = "----lensletbench" + world.run_tag;

  Print("users", static_cast<std::uint64_t>(o.users));
  Print("threads", static_cast<std::uint64_t>(o.threads));
  Print("speedup", o.speedup);
  double actions_per_minute = 0;
  for (std::size_t a = 0; a < um::kActionCount; ++a) {
    if (o.enabled[a]) actions_per_minute += um::kActions[a].per_minute;
  }
  Print("actions_per_person_per_minute", actions_per_minute * o.speedup);
  Print("objective_p99_ms", o.objective_p99_ms);
  for (const auto& [kind, ms] : o.objective_p99_ms_of)
    std::printf("objective_p99_ms_%s=%.3f\n", kind.c_str(), ms);
  Print("objective_delivery_p99_ms", o.objective_delivery_p99_ms);
  Print("warmup_s", Seconds(o.warmup));
  Print("duration_s", Seconds(o.duration));
  std::fflush(stdout);

  if (o.enabled[um::Index(um::Action::kUpload)]) {
    const auto began = Clock::now();
    std::size_t bytes = 0;
    for (const auto& jpeg : um::MakeUploadImages(o.images, o.image_width, o.image_height,
                                                 static_cast<unsigned>(o.seed), o.image_cache)) {
      bytes += jpeg.size();
      world.upload_bodies.push_back(MultipartBody(world.upload_boundary, jpeg));
    }
    Print("upload_jpeg_kb_mean", static_cast<double>(bytes) / 1024.0 / static_cast<double>(o.images));
    Print("upload_jpeg_s", Seconds(Clock::now() - began));
  }

  const auto setup = um::PrepareWorld(o, server, world);
  Print("conversations", static_cast<std::uint64_t>(setup.conversations));
  Print("public_posts_seen", static_cast<std::uint64_t>(world.public_posts.size()));
  Print("setup_s", setup.seconds);
  PrintReasons("setup failure", setup.failures);
  RunHook("--after-setup", o.after_setup);
  std::fflush(stdout);

  const auto read_rss = [&] { return o.server_pid ? lenslet::bench::ReadRss(*o.server_pid) : std::nullopt; };
  const auto rss_before = read_rss();

  um::Progress progress;
  um::Window window;
  std::vector<std::unique_ptr<um::Shard>> shards;
  {
    std::vector<std::vector<std::size_t>> owned(o.threads);
    for (std::size_t i = 0; i < o.users; ++i) owned[i % o.threads].push_back(i);
    for (std::size_t t = 0; t < o.threads; ++t) {
      shards.push_back(
          std::make_unique<um::Shard>(o, world, server, std::move(owned[t]), t, progress, window));
    }
  }
  const auto ramp_start = Clock::now() + std::chrono::milliseconds(10);
  for (auto& shard : shards) shard->Start(ramp_start);
  const auto give_up = ramp_start +
                       std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(static_cast<double>(o.users) / o.ramp_per_second)) +
                       std::chrono::seconds(40);
  while (progress.established + progress.failed < o.users && Clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Print("connections_established", static_cast<std::uint64_t>(progress.established.load()));
  Print("connections_failed", static_cast<std::uint64_t>(progress.failed.load()));
  Print("connect_s", Seconds(Clock::now() - ramp_start));
  std::fflush(stdout);
  std::this_thread::sleep_for(o.settle);
  const auto rss_idle = read_rss();
  if (rss_idle && rss_before && progress.established > 0) {
    Print("server_rss_before_kb", static_cast<std::uint64_t>(rss_before->total_kb));
    Print("server_rss_idle_kb", static_cast<std::uint64_t>(rss_idle->total_kb));
    Print("server_kb_per_connection", static_cast<double>(rss_idle->total_kb - rss_before->total_kb) /
                                          static_cast<double>(progress.established));
    Print("server_anon_kb_per_connection", static_cast<double>(rss_idle->anon_kb - rss_before->anon_kb) /
                                               static_cast<double>(progress.established));
  }

  const auto start = Clock::now() + std::chrono::milliseconds(50);
  const auto measure_from = start + o.warmup;
  const auto end = measure_from + o.duration;
  window.from.store(
      std::chrono::duration_cast<std::chrono::nanoseconds>(measure_from.time_since_epoch()).count());
  for (auto& shard : shards) shard->BeginLoad(start, end);
  std::this_thread::sleep_until(measure_from);
  RunHook("--at-window-start", o.at_window_start);
  const auto cpu_before = o.server_pid ? lenslet::bench::CpuSeconds(*o.server_pid) : std::nullopt;
  const auto own_before = lenslet::bench::CpuSeconds(static_cast<int>(getpid()));
  const auto measured_at = Clock::now();
  std::this_thread::sleep_until(end);
  const auto cpu_after = o.server_pid ? lenslet::bench::CpuSeconds(*o.server_pid) : std::nullopt;
  const auto own_after = lenslet::bench::CpuSeconds(static_cast<int>(getpid()));
  const double window_s = Seconds(Clock::now() - measured_at);
  const auto rss_end = read_rss();
  RunHook("--at-window-end", o.at_window_end);
  std::this_thread::sleep_for(o.drain);

  um::Stats total;
  std::size_t http_connections = 0;
  for (auto& shard : shards) {
    shard->Stop();
    total.Merge(shard->stats());
    http_connections += shard->http_connections();
  }
  if (!o.slow_log.empty()) WriteSlowLog(o.slow_log, std::move(total.slow));

  // Per kind.
  std::uint64_t requests = 0;
  std::uint64_t errors = 0;
  std::vector<std::string> failures;
  std::printf("# %-14s %8s %7s %9s %9s %9s %9s %8s\n", "kind", "count", "errors", "p50_ms", "p99_ms",
              "p99.9_ms", "max_ms", "per_s");
  std::string lines;
  for (std::size_t k = 0; k < um::kKindCount; ++k) {
    auto& stats = total.kinds[k];
    const std::string name(um::kKindNames[k]);
    const auto error_count = stats.error_count();
    requests += stats.count;
    errors += error_count;
    const double p50 = stats.latency.QuantileMs(0.50);
    const double p99 = stats.latency.QuantileMs(0.99);
    const double p999 = stats.latency.QuantileMs(0.999);
    const double max = stats.latency.QuantileMs(1.0);
    std::printf("# %-14s %8llu %7llu %9.2f %9.2f %9.2f %9.2f %8.2f\n", name.c_str(),
                static_cast<unsigned long long>(stats.count), static_cast<unsigned long long>(error_count),
                p50, p99, p999, max, static_cast<double>(stats.count) / Seconds(o.duration));
    char line[512];
    std::snprintf(line, sizeof line,
                  "kind=%s count=%llu errors=%llu p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f\n",
                  name.c_str(), static_cast<unsigned long long>(stats.count),
                  static_cast<unsigned long long>(error_count), p50, p99, p999, max);
    lines += line;
    const auto exception = o.objective_p99_ms_of.find(name);
    const double objective =
        exception != o.objective_p99_ms_of.end() ? exception->second : o.objective_p99_ms;
    if (stats.latency.size() > 0 && p99 > objective) {
      char failure[160];
      std::snprintf(failure, sizeof failure, "%s p99 %.1f ms > %.0f", name.c_str(), p99, objective);
      failures.push_back(failure);
    }
    if (error_count > 0) failures.push_back(name + ": " + std::to_string(error_count) + " errors");
  }
  std::fputs(lines.c_str(), stdout);
  for (std::size_t k = 0; k < um::kKindCount; ++k) {
    PrintReasons(std::string("error ") + std::string(um::kKindNames[k]), total.kinds[k].errors);
  }
  Print("requests", requests);
  Print("requests_per_s", static_cast<double>(requests) / Seconds(o.duration));
  Print("errors", errors);
  Print("skipped_no_target", total.skipped_no_target);
  Print("http_connections", static_cast<std::uint64_t>(http_connections));

  // Messages.
  const auto expected = total.messages_sent - total.messages_refused;
  const auto lost = expected > total.messages_delivered ? expected - total.messages_delivered : 0;
  Print("messages_sent", total.messages_sent);
  Print("messages_delivered", total.messages_delivered);
  Print("messages_lost", lost);
  const double delivery_p50 = total.delivery.QuantileMs(0.50);
  const double delivery_p99 = total.delivery.QuantileMs(0.99);
  Print("delivery_p50_ms", delivery_p50);
  Print("delivery_p99_ms", delivery_p99);
  Print("delivery_max_ms", total.delivery.QuantileMs(1.0));
  if (total.delivery.size() > 0 && delivery_p99 > o.objective_delivery_p99_ms) {
    char failure[160];
    std::snprintf(failure, sizeof failure, "delivery p99 %.1f ms > %.0f", delivery_p99,
                  o.objective_delivery_p99_ms);
    failures.push_back(failure);
  }
  if (lost > 0) failures.push_back(std::to_string(lost) + " messages lost");

  // Connections.
  Print("connections_dropped", static_cast<std::uint64_t>(progress.dropped.load()));
  PrintReasons("connect failure", total.connect_failures);
  PrintReasons("dropped", total.drops);
  PrintReasons("event", total.events);
  if (progress.failed > 0 || progress.established < o.users) {
    failures.push_back(std::to_string(o.users - progress.established) + " people without a connection");
  }
  if (progress.dropped > 0)
    failures.push_back(std::to_string(progress.dropped.load()) + " connections dropped");

  // The server's cost.
  if (cpu_before && cpu_after) {
    const double cpu_s = *cpu_after - *cpu_before;
    Print("server_cpu_percent", 100.0 * cpu_s / window_s);
    if (requests > 0) Print("server_cpu_ms_per_request", 1000.0 * cpu_s / static_cast<double>(requests));
  }
  if (rss_end) {
    Print("server_rss_end_kb", static_cast<std::uint64_t>(rss_end->total_kb));
    Print("server_rss_end_kb_per_person",
          static_cast<double>(rss_end->total_kb) / static_cast<double>(o.users));
  }
  if (own_before && own_after) {
    const double own_percent = 100.0 * (*own_after - *own_before) / window_s;
    Print("generator_cpu_percent", own_percent);
    if (own_percent > 85.0 * static_cast<double>(o.threads)) {
      std::printf("# warning: the generator was near its CPU limit: its own lateness counts as latency\n");
    }
  }
  if (const auto own_rss = lenslet::bench::VmRssKb(static_cast<int>(getpid()))) {
    Print("generator_rss_kb", static_cast<std::uint64_t>(*own_rss));
  }

  for (const auto& failure : failures) std::printf("# objective: %s\n", failure.c_str());
  Print("objective", std::string(failures.empty() ? "PASS" : "FAIL"));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int exit_code = 0;
  const auto options = um::ParseOptions(argc, argv, exit_code);
  if (!options) return exit_code;
  try {
    return Run(*options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lenslet_usermodel_load: %s\n", e.what());
    return 1;
  }
}
