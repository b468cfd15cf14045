#pragma once
// Per-user write limits (API.md "writes per user"): one call at the top of a
// write handler, before any database work, so a flood costs a hash lookup
// (with --redis-url, one pipelined Redis script: the limit is the cluster's).
// Kinds of write share a limiter when a user would do them in the same bursts:
// likes, saves, follows and blocks are "actions" (taps); comments are text.
#include <boost/asio/awaitable.hpp>
#include <string_view>

#include "auth/limiter.hpp"
#include "core/ids.hpp"

namespace lenslet::api::detail {

// Counts one write of `me` against `limiter` (null: unlimited). Over the limit:
// throws core::Error kRateLimited ("Too many <what>, try again later") with
// retry_after_seconds, which the HTTP layer turns into 429 + Retry-After.
// `what` must outlive the call (a string literal). Awaited: a call whose result
// is dropped would count nothing, hence [[nodiscard]].
[[nodiscard]] boost::asio::awaitable<void> RequireWithinWriteLimit(auth::Limiter* limiter, core::UserId me,
                                                                   std::string_view what);

}  // namespace lenslet::api::detail
