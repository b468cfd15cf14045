#include "options.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <sstream>
#include <vector>

namespace lenslet::bench::usermodel {
namespace {

std::chrono::milliseconds Seconds(double s) { return std::chrono::milliseconds(static_cast<long>(s * 1000)); }

}  // namespace

std::optional<Options> ParseOptions(int argc, char** argv, int& exit_code) {
  Options o;
  std::string only;
  CLI::App app{"User-model load generator: N simulated people doing what people do on Lenslet, open loop",
               "lenslet_usermodel_load"};
  app.add_option("--host", o.host, "Server address (IPv4)")->capture_default_str();
  app.add_option("--port", o.port, "Server port")->capture_default_str();
  app.add_option("--tokens", o.tokens_file,
                 "File of '<username> <accessToken>' lines (lenslet seed --tokens-out)")
      ->required();
  app.add_option("-n,--users", o.users, "Simulated people (the first N accounts of --tokens)")
      ->check(CLI::Range(2, 1'000'000))
      ->capture_default_str();
  app.add_option("--threads", o.threads, "Client threads, one io_context each")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--speedup", o.speedup, "Multiply every rate of the mix (short runs still see every kind)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option(
      "--only", only,
      "Comma-separated actions to run, the others at rate 0: feed, post_view, like, message, profile, "
      "explore, notifications, comment, follow, upload");
  app.add_option("--partners", o.partners, "Regular message partners per person (even)")
      ->check(CLI::Range(2, 64))
      ->capture_default_str();
  app.add_option_function<double>(
         "--warmup", [&o](double s) { o.warmup = Seconds(s); },
         "Seconds of load before the measured window (default 10)")
      ->check(CLI::NonNegativeNumber);
  app.add_option_function<double>(
         "--duration", [&o](double s) { o.duration = Seconds(s); },
         "Seconds of the measured window (default 60)")
      ->check(CLI::PositiveNumber);
  app.add_option_function<double>(
         "--drain", [&o](double s) { o.drain = Seconds(s); },
         "Seconds to wait for late answers and deliveries (default 5)")
      ->check(CLI::NonNegativeNumber);
  app.add_option_function<double>(
         "--settle", [&o](double s) { o.settle = Seconds(s); },
         "Idle seconds after connecting, before the memory reading (default 3)")
      ->check(CLI::NonNegativeNumber);
  app.add_option_function<double>(
         "--request-timeout", [&o](double s) { o.request_timeout = Seconds(s); },
         "Seconds before a request counts as an error (default 30)")
      ->check(CLI::PositiveNumber);
  app.add_option("--ramp", o.ramp_per_second, "New Socket.IO connections per second")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--http-connections", o.http_connections, "Keep-alive HTTP connections per thread, at most")
      ->check(CLI::Range(1, 10'000))
      ->capture_default_str();
  app.add_option("--gzip", o.gzip, "Ask for gzipped answers (Accept-Encoding), as browsers do")
      ->capture_default_str();
  app.add_option("--setup-connections", o.setup_connections, "HTTP connections creating the conversations")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--images", o.images, "Distinct upload JPEGs to generate")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  app.add_option("--image-width", o.image_width, "Upload width")
      ->check(CLI::Range(64, 10'000))
      ->capture_default_str();
  app.add_option("--image-height", o.image_height, "Upload height")
      ->check(CLI::Range(64, 10'000))
      ->capture_default_str();
  app.add_option("--image-cache", o.image_cache, "Folder keeping the generated upload JPEGs between runs");
  app.add_option("--server-pid", o.server_pid, "Read the server's CPU and memory from /proc/PID");
  app.add_option("--after-setup", o.after_setup,
                 "Shell command run once the conversations are made, before the connections open");
  app.add_option("--at-window-start", o.at_window_start, "Shell command run as the measured window opens");
  app.add_option("--at-window-end", o.at_window_end, "Shell command run as the measured window closes");
  app.add_option("--seed", o.seed, "Random seed of the schedule")->capture_default_str();
  app.add_option("--objective-p99-ms", o.objective_p99_ms, "Objective: every kind's p99")
      ->capture_default_str();
  std::vector<std::string> per_kind;
  app.add_option("--objective", per_kind,
                 "KIND=MS: another p99 objective for one kind (default upload=2000)");
  app.add_option("--objective-delivery-p99-ms", o.objective_delivery_p99_ms,
                 "Objective: message delivery p99")
      ->capture_default_str();
  app.add_option("--slow-log", o.slow_log,
                 "File listing each request and delivery slower than --slow-ms (wall-clock ms scheduled, "
                 "kind, latency ms)");
  app.add_option("--slow-ms", o.slow_ms, "What --slow-log counts as slow")->capture_default_str();
  try {
    app.parse(argc, argv);
    for (const auto& item : per_kind) {
      const auto equals = item.find('=');
      const auto kind = item.substr(0, equals);
      if (equals == std::string::npos ||
          std::find(kKindNames.begin(), kKindNames.end(), kind) == kKindNames.end()) {
        throw CLI::ValidationError("--objective wants KIND=MS with a kind of the report, got '" + item + "'");
      }
      o.objective_p99_ms_of[kind] = std::stod(item.substr(equals + 1));
    }
    if (o.partners % 2 != 0) throw CLI::ValidationError("--partners must be even");
    if (o.partners >= o.users) throw CLI::ValidationError("--partners must be below --users");
    if (!only.empty()) {
      o.enabled.fill(false);
      std::istringstream names(only);
      std::string name;
      while (std::getline(names, name, ',')) {
        bool found = false;
        for (std::size_t a = 0; a < kActionCount; ++a) {
          if (kActions[a].name == name) o.enabled[a] = found = true;
        }
        if (!found) throw CLI::ValidationError("--only: unknown action '" + name + "'");
      }
    }
  } catch (const CLI::ParseError& e) {
    exit_code = app.exit(e);
    return std::nullopt;
  }
  return o;
}

}  // namespace lenslet::bench::usermodel
