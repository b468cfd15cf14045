#include "media/detail/vips_log.hpp"

#include <glib.h>
#include <spdlog/spdlog.h>

#include <string_view>

namespace lenslet::media::detail {
namespace {

void LogGlibMessage(const gchar* domain, GLogLevelFlags level, const gchar* message, gpointer) {
  const std::string_view from = domain != nullptr ? domain : "glib";
  const std::string_view text = message != nullptr ? message : "";
  // WARNING: never abort here, whatever the level: an image must not take the server down.
  if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) != 0) {
    spdlog::error("{}: {}", from, text);
  } else if ((level & G_LOG_LEVEL_WARNING) != 0) {
    spdlog::warn("{}: {}", from, text);
  } else if ((level & (G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO)) != 0) {
    spdlog::info("{}: {}", from, text);
  } else {
    spdlog::debug("{}: {}", from, text);
  }
}

}  // namespace

void RouteVipsMessagesToLog() {
  constexpr auto kAll = static_cast<GLogLevelFlags>(G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION);
  g_log_set_handler("VIPS", kAll, LogGlibMessage, nullptr);
  // GObject and GLib complaints (a bad cast inside a loader) and any other domain.
  g_log_set_default_handler(LogGlibMessage, nullptr);
}

}  // namespace lenslet::media::detail
