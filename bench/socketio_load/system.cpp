#include "system.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace lenslet::bench {

std::size_t RaiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  return static_cast<std::size_t>(limit.rlim_cur);
}

std::optional<std::size_t> EphemeralPorts() {
  std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
  long low = 0;
  long high = 0;
  if (!(in >> low >> high) || high < low) return std::nullopt;
  return static_cast<std::size_t>(high - low + 1);
}

std::optional<Rss> ReadRss(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  if (!in) return std::nullopt;
  Rss rss;
  bool found = false;
  std::string key;
  while (in >> key) {
    long kb = 0;
    if (key == "VmRSS:" && in >> kb) {
      rss.total_kb = kb;
      found = true;
    } else if (key == "RssAnon:" && in >> kb) {
      rss.anon_kb = kb;
    } else if (key == "RssFile:" && in >> kb) {
      rss.file_kb = kb;
    }
    std::string rest;
    std::getline(in, rest);
  }
  if (!found) return std::nullopt;
  return rss;
}

std::optional<long> VmRssKb(int pid) {
  const auto rss = ReadRss(pid);
  return rss ? std::optional<long>(rss->total_kb) : std::nullopt;
}

std::optional<double> CpuSeconds(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  // Fields after "(comm)", which may itself hold spaces: state is field 3,
  // utime and stime are fields 14 and 15.
  const auto close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(line.substr(close + 2));
  std::string field;
  double ticks = 0;
  for (int n = 3; n <= 15 && fields >> field; ++n) {
    if (n >= 14) ticks += std::stod(field);
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace lenslet::bench
