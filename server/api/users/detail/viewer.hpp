#pragma once
#include <optional>

#include "core/ids.hpp"
#include "http/request.hpp"

namespace lenslet::api::users::detail {

// The signed-in caller of an Auth::kOptional route, or nullopt.
inline std::optional<core::UserId> ViewerOf(const http::Request& request) {
  if (!request.principal) return std::nullopt;
  return request.principal->user;
}

}  // namespace lenslet::api::users::detail
