#pragma once
// Time inside the server is UTC milliseconds since the epoch; on the wire it is
// ISO 8601 with milliseconds and 'Z' ("2026-11-25T09:30:00.000Z").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lenslet::core {

using Millis = std::int64_t;

Millis NowMillis();
std::string ToIso8601(Millis ms);
std::optional<Millis> ParseIso8601(std::string_view text);

}  // namespace lenslet::core
