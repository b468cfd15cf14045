#pragma once
// Before the clock starts: each person's regular message partners and their
// 1:1 conversations (created over REST, and answered once by the partner, as
// people do — which also accepts it should it land among message requests),
// and a first pool of public posts from /explore.
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <map>
#include <string>

#include "options.hpp"
#include "world.hpp"

namespace lenslet::bench::usermodel {

struct SetupReport {
  std::size_t conversations = 0;
  std::map<std::string, std::uint64_t> failures;  // reason → count
  double seconds = 0;
};

// Fills world.partners and world.public_posts.
SetupReport PrepareWorld(const Options& options, boost::asio::ip::tcp::endpoint server, World& world);

}  // namespace lenslet::bench::usermodel
