#include "realtime/detail/realtime_metrics.hpp"

#include <string>

namespace lenslet::realtime::detail {

RealtimeMetrics& Metrics() {
  static RealtimeMetrics metrics{
      .sockets = core::metrics::Registry::Global().GetGauge("lenslet_socketio_sockets",
                                                            "Socket.IO sockets connected to this process"),
      .events_sent = core::metrics::Registry::Global().GetCounter(
          "lenslet_socketio_events_sent_total", "Socket.IO events queued for sending, one per receiving socket"),
      .slow_consumers = core::metrics::Registry::Global().GetCounter(
          "lenslet_socketio_slow_consumers_dropped_total",
          "Connections closed because their send queue overflowed (a client too slow to keep up)"),
      .delivery = core::metrics::Registry::Global().GetHistogram(
          "lenslet_realtime_delivery_seconds",
          "Time from publishing a broadcast (a message, a notification) to queueing it on this process's sockets",
          core::metrics::kLatencyBuckets),
  };
  return metrics;
}

core::metrics::Counter& EventsReceived(std::string_view event) {
  return core::metrics::Registry::Global().GetCounter("lenslet_socketio_events_received_total",
                                                      "Socket.IO events received from clients, by event name",
                                                      {{"event", std::string(event)}});
}

}  // namespace lenslet::realtime::detail
