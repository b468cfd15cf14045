#pragma once
// One structured line per request (logfmt), for operators and for grep:
//   request id=… method=… path=… status=… ms=… bytes=… ip=…
// Never logged: cookies, Authorization, query values on /auth paths (tokens,
// e-mail addresses), and `sid` values anywhere (Engine.IO session ids).
#include <cstddef>
#include <string>
#include <string_view>

namespace lenslet::http::detail {

struct AccessLogEntry {
  std::string_view request_id;
  std::string_view method;
  std::string_view target;  // raw path and query as received
  int status = 0;
  double ms = 0;
  std::size_t bytes = 0;  // body bytes sent
  std::string_view client_address;
};

std::string FormatAccessLog(const AccessLogEntry& entry);
void LogAccess(const AccessLogEntry& entry);

}  // namespace lenslet::http::detail
