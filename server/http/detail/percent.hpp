#pragma once
// Percent-decoding shared by the router, the query parser and the static files.
#include <optional>
#include <string>
#include <string_view>

namespace lenslet::http::detail {

// Decodes %XX escapes; with `plus_is_space` (query strings) '+' becomes ' '.
// nullopt for a malformed escape ("%4", "%zz").
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space = false);

// ASCII case-insensitive equality (header names, tokens).
bool IEquals(std::string_view a, std::string_view b);

std::string_view TrimSpaces(std::string_view text);

}  // namespace lenslet::http::detail
