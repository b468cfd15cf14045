#include "api/detail/write_limits.hpp"

#include <string>

#include "core/error.hpp"

namespace lenslet::api::detail {

boost::asio::awaitable<void> RequireWithinWriteLimit(auth::Limiter* limiter, core::UserId me, std::string_view what) {
  if (limiter == nullptr) co_return;
  const auto decision = co_await limiter->Acquire(me.ToString());
  if (decision.allowed) co_return;
  core::Error error(core::ErrorCode::kRateLimited, "Too many " + std::string(what) + ", try again later");
  error.retry_after_seconds = decision.retry_after_seconds;
  throw error;
}

}  // namespace lenslet::api::detail
