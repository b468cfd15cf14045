#include "app/process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace lenslet::app {
namespace {

std::string ReadWhole(const char* path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

double BootTimeSeconds() {
  std::istringstream in(ReadWhole("/proc/stat"));
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("btime ")) return std::stod(line.substr(6));
  }
  return 0;
}

}  // namespace

std::optional<ProcessFigures> ParseProcStat(std::string_view stat, double ticks_per_second, double page_size,
                                            double boot_time_seconds) {
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so the
  // fields start after the LAST ')'.
  const auto paren = stat.rfind(')');
  if (paren == std::string_view::npos || ticks_per_second <= 0) return std::nullopt;
  std::vector<std::string_view> fields;  // fields[0] is field 3 (state)
  std::string_view rest = stat.substr(paren + 1);
  while (!rest.empty()) {
    const auto start = rest.find_first_not_of(" \n");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const auto end = rest.find_first_of(" \n");
    fields.push_back(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  }
  const auto field = [&](std::size_t number, double& out) {  // man 5 proc numbering
    if (number < 3 || number - 3 >= fields.size()) return false;
    const auto text = fields[number - 3];
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return false;
    out = static_cast<double>(value);
    return true;
  };
  double utime = 0, stime = 0, start = 0, vsize = 0, rss = 0;
  if (!field(14, utime) || !field(15, stime) || !field(22, start) || !field(23, vsize) || !field(24, rss)) {
    return std::nullopt;
  }
  ProcessFigures out;
  out.cpu_seconds = (utime + stime) / ticks_per_second;
  out.start_time_seconds = boot_time_seconds + start / ticks_per_second;
  out.virtual_bytes = vsize;
  out.resident_bytes = rss * page_size;
  return out;
}

std::optional<ProcessFigures> ReadProcessFigures() {
  static const double boot_time = BootTimeSeconds();
  auto figures = ParseProcStat(ReadWhole("/proc/self/stat"), static_cast<double>(::sysconf(_SC_CLK_TCK)),
                               static_cast<double>(::sysconf(_SC_PAGESIZE)), boot_time);
  if (!figures) return std::nullopt;
  std::error_code ec;
  std::size_t open = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec)) ++open;
  figures->open_fds = static_cast<double>(open);
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) figures->max_fds = static_cast<double>(limit.rlim_cur);
  return figures;
}

core::metrics::CollectorHandle InstallProcessCollector(core::metrics::Registry& registry) {
  return registry.AddCollector([](core::metrics::Collection& out) {
    const auto figures = ReadProcessFigures();
    if (!figures) return;
    using core::metrics::Type;
    out.Add("process_cpu_seconds_total", "User and system CPU time spent, in seconds", Type::kCounter,
            figures->cpu_seconds);
    out.Add("process_resident_memory_bytes", "Resident memory size in bytes", Type::kGauge,
            figures->resident_bytes);
    out.Add("process_virtual_memory_bytes", "Virtual memory size in bytes", Type::kGauge, figures->virtual_bytes);
    out.Add("process_start_time_seconds", "Start time of the process since the epoch, in seconds", Type::kGauge,
            figures->start_time_seconds);
    out.Add("process_open_fds", "Open file descriptors", Type::kGauge, figures->open_fds);
    out.Add("process_max_fds", "Most file descriptors the process may open", Type::kGauge, figures->max_fds);
  });
}

}  // namespace lenslet::app
