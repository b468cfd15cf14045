#include "system.hpp"

#include <sys/resource.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <set>
#include <tuple>
#include <vector>

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

namespace {

// Resident pages of the process's file mappings, each (file, page) once: the
// maps give each mapping's file (device, inode) and offset, the pagemap tells
// which of its pages are present.
std::optional<long> DistinctFilePages(int pid) {
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  const int pagemap = open(("/proc/" + std::to_string(pid) + "/pagemap").c_str(), O_RDONLY);
  if (!maps || pagemap < 0) {
    if (pagemap >= 0) close(pagemap);
    return std::nullopt;
  }
  const auto page = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
  std::set<std::tuple<std::string, std::uint64_t, std::uint64_t>> pages;  // (device, inode, file page)
  std::vector<std::uint64_t> entries;
  std::string line;
  while (std::getline(maps, line)) {
    std::istringstream fields(line);
    std::string range, perms, offset_hex, device;
    std::uint64_t inode = 0;
    if (!(fields >> range >> perms >> offset_hex >> device >> inode) || inode == 0) continue;
    const auto dash = range.find('-');
    const std::uint64_t low = std::stoull(range.substr(0, dash), nullptr, 16);
    const std::uint64_t high = std::stoull(range.substr(dash + 1), nullptr, 16);
    const std::uint64_t first_file_page = std::stoull(offset_hex, nullptr, 16) / page;
    entries.resize((high - low) / page);
    const auto bytes = static_cast<ssize_t>(entries.size() * sizeof(std::uint64_t));
    if (pread(pagemap, entries.data(), static_cast<std::size_t>(bytes), static_cast<off_t>(low / page * 8)) != bytes) {
      continue;
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (entries[i] >> 63 & 1) pages.emplace(device, inode, first_file_page + i);  // bit 63: present
    }
  }
  close(pagemap);
  return static_cast<long>(pages.size());
}

}  // namespace

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
  if (const auto pages = DistinctFilePages(pid)) rss.distinct_file_kb = *pages * (sysconf(_SC_PAGESIZE) / 1024);
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
