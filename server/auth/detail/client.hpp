#pragma once
// Turning what a client tells us about itself into safe keys and columns.
#include <string>
#include <string_view>

namespace lenslet::auth::detail {

// The rate-limit key of a client address. IPv6 clients usually own a whole
// /64, so they are keyed by that prefix; otherwise one client could rotate
// through addresses to escape the limit. IPv4 and anything unparsable: as given.
std::string AddressKey(std::string_view address);

// Printable ASCII only (the column must be valid UTF-8 in PostgreSQL and the
// value may be shown back to the user), at most max_length bytes.
std::string SanitizeForStorage(std::string_view text, std::size_t max_length);

}  // namespace lenslet::auth::detail
