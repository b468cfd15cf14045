#include "stats.hpp"

namespace lenslet::bench::usermodel {
namespace {

void MergeCounts(std::map<std::string, std::uint64_t>& into,
                 const std::map<std::string, std::uint64_t>& from) {
  for (const auto& [key, count] : from) into[key] += count;
}

}  // namespace

std::uint64_t KindStats::error_count() const {
  std::uint64_t total = 0;
  for (const auto& [reason, count] : errors) total += count;
  return total;
}

void KindStats::Merge(KindStats& other) {
  count += other.count;
  MergeCounts(errors, other.errors);
  latency.Merge(other.latency);
}

void Stats::Merge(Stats& other) {
  for (std::size_t k = 0; k < kKindCount; ++k) kinds[k].Merge(other.kinds[k]);
  for (std::size_t a = 0; a < kActionCount; ++a) actions[a] += other.actions[a];
  skipped_no_target += other.skipped_no_target;
  messages_sent += other.messages_sent;
  messages_refused += other.messages_refused;
  messages_delivered += other.messages_delivered;
  delivery.Merge(other.delivery);
  MergeCounts(connect_failures, other.connect_failures);
  MergeCounts(drops, other.drops);
  MergeCounts(events, other.events);
  acks_missing += other.acks_missing;
  slow.insert(slow.end(), other.slow.begin(), other.slow.end());
}

}  // namespace lenslet::bench::usermodel
