#pragma once
// How the server logs (--log-level, --log-format): one logger for the whole
// process, on stdout, each line naming the request it was written for
// (core/log_context.hpp). `text` is for people; `json` is one object per line
// for machines: {"ts","level","msg"} and "request_id" on lines written while
// handling a request.
#include <string>
#include <string_view>

namespace lenslet::app {

void SetUpLogging(const std::string& level, const std::string& format);

// One log line as the json format writes it (without the newline); the
// formatter's core.
std::string FormatJsonLine(std::string_view timestamp, std::string_view level, std::string_view message,
                           std::string_view request_id);

}  // namespace lenslet::app
