#include "app/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>

#include "core/log_context.hpp"

namespace lenslet::app {
namespace {

// JSON string contents: quotes, backslashes and control characters escaped,
// so no message (a header value, a libvips complaint) can break the line.
void AppendJsonString(std::string& out, std::string_view text) {
  out.push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

std::string Timestamp(spdlog::log_clock::time_point time) {
  const auto since_epoch = time.time_since_epoch();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds).count();
  const std::time_t t = seconds.count();
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[96];  // room for any int, so -O3 proves no truncation
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
  return buf;
}

class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const auto level = spdlog::level::to_string_view(msg.level);
    const std::string line =
        FormatJsonLine(Timestamp(msg.time), std::string_view(level.data(), level.size()),
                       std::string_view(msg.payload.data(), msg.payload.size()), core::CurrentRequestId());
    dest.append(line.data(), line.data() + line.size());
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(); }
};

// %* in the text pattern: "[<request id>] " while handling a request.
class RequestIdFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
    const std::string_view id = core::CurrentRequestId();
    if (id.empty()) return;
    dest.push_back('[');
    dest.append(id.data(), id.data() + id.size());
    dest.push_back(']');
    dest.push_back(' ');
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<RequestIdFlag>(); }
};

}  // namespace

std::string FormatJsonLine(std::string_view timestamp, std::string_view level, std::string_view message,
                           std::string_view request_id) {
  std::string out;
  out.reserve(64 + message.size());
  out += "{\"ts\":";
  AppendJsonString(out, timestamp);
  out += ",\"level\":";
  AppendJsonString(out, level);
  out += ",\"msg\":";
  AppendJsonString(out, message);
  if (!request_id.empty()) {
    out += ",\"request_id\":";
    AppendJsonString(out, request_id);
  }
  out.push_back('}');
  return out;
}

void SetUpLogging(const std::string& level, const std::string& format) {
  auto logger = spdlog::get("lenslet");
  if (!logger) logger = spdlog::stdout_color_mt("lenslet");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
  if (format == "json") {
    spdlog::set_formatter(std::make_unique<JsonFormatter>());
  } else {
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<RequestIdFlag>('*').set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %*%v");
    spdlog::set_formatter(std::move(formatter));
  }
}

}  // namespace lenslet::app
