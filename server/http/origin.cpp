#include "http/origin.hpp"

#include "http/detail/origin_check.hpp"

namespace lenslet::http {

bool IsOwnOrigin(std::string_view origin, std::string_view host, std::string_view public_url) {
  // Judged as a state-changing request: the handshake opens a channel that
  // sends messages on the user's behalf.
  return detail::OriginAllowed(Method::kPost, origin, /*referer=*/{}, host, public_url);
}

}  // namespace lenslet::http
