#pragma once
// What the metrics show of the real-time channel (looked up once, then
// atomics): sockets connected, events received (by name, for the events the
// app handles; "other" for the rest) and sent, slow consumers cut off, and
// how long a broadcast took from its publication to the local sockets' send
// queues (through Redis when there is one).
#include <string_view>

#include "core/metrics.hpp"

namespace lenslet::realtime::detail {

struct RealtimeMetrics {
  core::metrics::Gauge& sockets;
  core::metrics::Counter& events_sent;
  core::metrics::Counter& slow_consumers;
  core::metrics::Histogram& delivery;
};

RealtimeMetrics& Metrics();
// lenslet_socketio_events_received_total{event}.
core::metrics::Counter& EventsReceived(std::string_view event);

}  // namespace lenslet::realtime::detail
