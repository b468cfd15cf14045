#pragma once
// What one run of lenslet_usermodel_load does, from its flags.
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "mix.hpp"

namespace lenslet::bench::usermodel {

struct Options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string tokens_file;  // "<username> <accessToken>" per seeded user (lenslet seed --tokens-out)
  std::size_t users = 100;  // simulated people: the first N lines of the tokens file
  std::size_t threads = 1;
  double speedup = 1;  // every rate of the mix times this
  // Actions not listed keep a rate of 0 (--only feed,message): per-kind runs
  // attribute a database's cost to one kind of request.
  std::array<bool, kActionCount> enabled{true, true, true, true, true, true, true, true, true, true};
  std::size_t partners = 4;  // regular message partners per person (even: ring neighbours ±1..±partners/2)
  std::chrono::milliseconds warmup{10'000};
  std::chrono::milliseconds duration{60'000};
  std::chrono::milliseconds drain{5'000};
  std::chrono::milliseconds settle{3'000};
  std::chrono::milliseconds request_timeout{30'000};
  double ramp_per_second = 1000;       // new Socket.IO connections per second
  std::size_t http_connections = 256;  // keep-alive connections per thread, at most
  std::size_t setup_connections = 8;
  bool gzip = true;        // ask for gzipped answers, as browsers do
  std::size_t images = 3;  // distinct upload JPEGs generated at start
  int image_width = 4032;  // a 12 MP phone photo
  int image_height = 3024;
  std::string image_cache;  // folder keeping the generated JPEGs between runs
  std::optional<int> server_pid;
  // Shell command run once the conversations are made, before anyone
  // connects: bench/capacity.sh refreshes PostgreSQL's statistics here, since
  // the setup has just filled tables the seed left empty.
  std::string after_setup;
  // Shell commands run as the measured window opens and closes (after the
  // warm-up; before the drain): bench/capacity.sh resets and reads
  // PostgreSQL's pg_stat_statements and CPU here, a profiler can start here.
  std::string at_window_start;
  std::string at_window_end;
  std::uint64_t seed = 1;
  double objective_p99_ms = 50;
  // Per-kind exceptions to objective_p99_ms. An upload carries a 3 MB, 12 MP
  // photo that the server decodes and renders at several sizes (~250 ms of
  // CPU on the 2-core bench box): 50 ms is out of reach for any server, and
  // a person waits for it with a progress bar, not a spinner.
  std::map<std::string, double> objective_p99_ms_of{{"upload", 2000}};
  double objective_delivery_p99_ms = 100;
  // Every request (and delivery) of the window slower than slow_ms, one line
  // each, for lining stalls up with the database's and the server's logs:
  // "<wall-clock ms it was scheduled> <kind> <latency ms>". Empty: none kept.
  std::string slow_log;
  double slow_ms = 50;
};

// Parses argv; prints help or one clear error line and returns the exit code
// in `exit_code` when the program should stop.
std::optional<Options> ParseOptions(int argc, char** argv, int& exit_code);

}  // namespace lenslet::bench::usermodel
