#pragma once
// What the load generator asks of Linux: file descriptors, ports, a process's memory.
#include <cstddef>
#include <optional>

namespace lenslet::bench {

// Raises RLIMIT_NOFILE's soft limit to the hard one; returns the new soft limit.
std::size_t RaiseFileLimit();
// Ports in /proc/sys/net/ipv4/ip_local_port_range (one source address can
// hold this many connections to one server address); nullopt if unreadable.
std::optional<std::size_t> EphemeralPorts();
// A process's resident memory in KiB, from /proc/<pid>/status: all of it
// (VmRSS) and its two parts, RssAnon (heap, stacks: what the process itself
// holds) and RssFile (mapped files, e.g. SQLite's mmap of the database: page
// cache the kernel may drop and other processes share). nullopt if it is gone.
//
// RssFile counts a file page once per mapping of it, and every SQLite
// connection maps the database file on its own: a page that four connections
// have read is four pages of RssFile and one of memory. distinct_file_kb
// counts each resident page of a mapped file once (from /proc/<pid>/pagemap;
// -1 when that is unreadable, e.g. without root).
struct Rss {
  long total_kb = 0;
  long anon_kb = 0;
  long file_kb = 0;
  long distinct_file_kb = -1;
};
std::optional<Rss> ReadRss(int pid);
std::optional<long> VmRssKb(int pid);
// User + system CPU seconds a process has used, from /proc/<pid>/stat.
std::optional<double> CpuSeconds(int pid);

}  // namespace lenslet::bench
