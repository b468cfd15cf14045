#pragma once
// What one run of lenslet_socketio_load does, from its flags.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace lenslet::bench {

enum class Mode { kEcho, kLenslet };

struct Options {
  Mode mode = Mode::kEcho;
  std::string host = "127.0.0.1";
  std::uint16_t port = 3000;  // lenslet-socketio-echo's default
  std::size_t clients = 1000;
  std::size_t threads = 1;
  // New connections per second, all threads together: a burst of thousands of
  // SYNs overflows the listen backlog and measures the kernel, not the server.
  double ramp_per_second = 2000;
  // Messages per second over all senders (echo: every client; lenslet: one per pair).
  double rate = 1000;
  std::chrono::milliseconds duration{20'000};
  // After the last send: time left for deliveries before the rest count as lost.
  std::chrono::milliseconds drain{3'000};
  // Idle time after the last connection before the server's memory is read.
  std::chrono::milliseconds settle{3'000};
  std::chrono::milliseconds connect_timeout{15'000};
  // Source addresses 127.0.0.1 .. 127.0.0.<n>, used in turn: each gives its
  // own ephemeral port range (about 28,000 ports on a default Linux).
  std::size_t source_addresses = 1;
  std::optional<int> server_pid;     // read its VmRSS from /proc/<pid>/status
  std::string tokens_file;           // lenslet: lines "<username> <accessToken>"
  std::size_t rest_connections = 8;  // lenslet: parallel HTTP connections creating conversations
  std::string timeline_file;         // "<sent ms> <latency ms>" per delivered message
  // lenslet: a shell command run once the conversations are made, before the
  // connections open (bench/socketio-bench.sh refreshes PostgreSQL's
  // statistics of the tables the setup has just filled).
  std::string after_setup;
};

// Parses argv; prints help or one clear error line and returns the exit code
// in `exit_code` when the program should stop.
std::optional<Options> ParseOptions(int argc, char** argv, int& exit_code);

}  // namespace lenslet::bench
