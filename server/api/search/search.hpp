#pragma once
// GET /api/v1/search?q= → {users: [public user], tags: [{name, postCount}]}.
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <optional>

#include "api/search/search_rules.hpp"
#include "api/services.hpp"
#include "core/ids.hpp"
#include "db/database.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace lenslet::api::search {

boost::asio::awaitable<http::Response> Search(Services& services, http::Request& request);

// The unit body (two statements at most), for the dbtests.
boost::json::object SearchResults(db::Connection& c, std::optional<core::UserId> viewer,
                                  const std::optional<SearchQuery>& query);

}  // namespace lenslet::api::search
