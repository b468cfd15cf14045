#include "options.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>

namespace lenslet::bench {

std::optional<Options> ParseOptions(int argc, char** argv, int& exit_code) {
  Options o;
  CLI::App app{"Socket.IO load generator: N WebSocket clients, latency from emit to delivery",
               "lenslet_socketio_load"};
  const std::map<std::string, Mode> modes{{"echo", Mode::kEcho}, {"lenslet", Mode::kLenslet}};
  app.add_option("--mode", o.mode, "echo (lenslet-socketio-echo) or lenslet (lenslet serve)")
      ->transform(CLI::CheckedTransformer(modes, CLI::ignore_case));
  app.add_option("--host", o.host, "Server address (IPv4)")->capture_default_str();
  app.add_option("--port", o.port, "Server port")->capture_default_str();
  app.add_option("-n,--clients", o.clients, "Connections to hold")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  app.add_option("--threads", o.threads, "Client threads, one io_context each")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--ramp", o.ramp_per_second, "New connections per second")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--rate", o.rate, "Messages per second, all senders together (0: idle run)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option_function<double>(
         "--duration",
         [&o](double s) { o.duration = std::chrono::milliseconds(static_cast<long>(s * 1000)); },
         "Seconds of sending (default 20)")
      ->check(CLI::NonNegativeNumber);
  app.add_option_function<double>(
         "--drain", [&o](double s) { o.drain = std::chrono::milliseconds(static_cast<long>(s * 1000)); },
         "Seconds to wait for late deliveries (default 3)")
      ->check(CLI::NonNegativeNumber);
  app.add_option_function<double>(
         "--settle", [&o](double s) { o.settle = std::chrono::milliseconds(static_cast<long>(s * 1000)); },
         "Idle seconds before reading the server's memory (default 3)")
      ->check(CLI::NonNegativeNumber);
  app.add_option_function<double>(
         "--connect-timeout",
         [&o](double s) { o.connect_timeout = std::chrono::milliseconds(static_cast<long>(s * 1000)); },
         "Seconds one connection may take to join the namespace (default 15)")
      ->check(CLI::PositiveNumber);
  app.add_option("--source-addresses", o.source_addresses, "Bind to 127.0.0.1..127.0.0.<n> in turn")
      ->check(CLI::Range(1, 254))
      ->capture_default_str();
  app.add_option("--server-pid", o.server_pid, "Read the server's VmRSS (idle memory per connection)");
  app.add_option("--tokens", o.tokens_file, "lenslet mode: file of '<username> <accessToken>' lines");
  app.add_option("--rest-connections", o.rest_connections,
                 "lenslet mode: HTTP connections creating conversations")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option(
      "--after-setup", o.after_setup,
      "lenslet mode: shell command run once the conversations are made, before the connections open");
  app.add_option("--timeline", o.timeline_file,
                 "Write '<ms since sending began> <delivery latency ms>' per delivered message to FILE");
  try {
    app.parse(argc, argv);
    if (o.mode == Mode::kLenslet && o.tokens_file.empty())
      throw CLI::ValidationError("--mode lenslet needs --tokens FILE");
    if (o.mode == Mode::kLenslet && o.clients % 2 != 0)
      throw CLI::ValidationError("--mode lenslet pairs clients: --clients must be even");
  } catch (const CLI::ParseError& e) {
    exit_code = app.exit(e);
    return std::nullopt;
  }
  return o;
}

}  // namespace lenslet::bench
