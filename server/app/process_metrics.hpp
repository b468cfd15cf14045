#pragma once
// The process's own figures, read from /proc/self when scraped, under the
// names every Prometheus client uses (process_cpu_seconds_total,
// process_resident_memory_bytes, process_open_fds, …) so stock dashboards
// and alerts apply.
#include <optional>
#include <string_view>

#include "core/metrics.hpp"

namespace lenslet::app {

struct ProcessFigures {
  double cpu_seconds = 0;          // user + system
  double resident_bytes = 0;
  double virtual_bytes = 0;
  double start_time_seconds = 0;   // since the epoch
  double open_fds = 0;
  double max_fds = 0;
};

// Fields of /proc/self/stat (`stat`), given the clock ticks per second, the
// page size and the boot time (/proc/stat btime). nullopt when malformed.
std::optional<ProcessFigures> ParseProcStat(std::string_view stat, double ticks_per_second, double page_size,
                                            double boot_time_seconds);

// Everything above for this process now; nullopt without /proc.
std::optional<ProcessFigures> ReadProcessFigures();

[[nodiscard]] core::metrics::CollectorHandle InstallProcessCollector(core::metrics::Registry& registry);

}  // namespace lenslet::app
