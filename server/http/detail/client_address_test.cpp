#include "http/detail/client_address.hpp"

#include <gtest/gtest.h>

namespace lenslet::http::detail {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

TEST(ClientAddress, PeerWithoutTrust) {
  EXPECT_EQ(ResolveClientAddress({{"X-Forwarded-For", "1.2.3.4"}}, "10.0.0.1", false), "10.0.0.1");
}

TEST(ClientAddress, LastForwardedEntryWithTrust) {
  EXPECT_EQ(ResolveClientAddress({{"X-Forwarded-For", "6.6.6.6, 1.2.3.4"}}, "10.0.0.1", true), "1.2.3.4");
  EXPECT_EQ(ResolveClientAddress({{"x-forwarded-for", "6.6.6.6"}, {"X-Forwarded-For", "2001:db8::1"}},
                                 "10.0.0.1", true),
            "2001:db8::1");
}

TEST(ClientAddress, FallsBackToPeer) {
  EXPECT_EQ(ResolveClientAddress({}, "10.0.0.1", true), "10.0.0.1");
  EXPECT_EQ(ResolveClientAddress({{"X-Forwarded-For", "1.2.3.4, "}}, "10.0.0.1", true), "10.0.0.1");
  EXPECT_EQ(ResolveClientAddress({{"X-Forwarded-For", "evil host=1"}}, "10.0.0.1", true), "10.0.0.1");
}

}  // namespace
}  // namespace lenslet::http::detail
