#pragma once
// Lists of posts: the home feed, explore, tag pages, a user's posts and the
// caller's saved posts (API.md). Each answers {items: [post], nextCursor}.
#include <boost/asio/awaitable.hpp>

#include "api/services.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace lenslet::api::feed {

boost::asio::awaitable<http::Response> HomeFeed(Services& services, http::Request& request);
boost::asio::awaitable<http::Response> Explore(Services& services, http::Request& request);
boost::asio::awaitable<http::Response> TagPosts(Services& services, http::Request& request);
boost::asio::awaitable<http::Response> UserPosts(Services& services, http::Request& request);
boost::asio::awaitable<http::Response> SavedPosts(Services& services, http::Request& request);

}  // namespace lenslet::api::feed
