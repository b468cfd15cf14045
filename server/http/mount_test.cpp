#include "http/mount.hpp"

#include <gtest/gtest.h>

namespace lenslet::http {
namespace {

TEST(MountTest, MatchesThePrefixWithOrWithoutItsSlashAndBelowIt) {
  const Mount mount{.prefix = "/socket.io/"};
  EXPECT_TRUE(mount.Matches("/socket.io/"));
  EXPECT_TRUE(mount.Matches("/socket.io"));
  EXPECT_TRUE(mount.Matches("/socket.io/anything"));
  EXPECT_FALSE(mount.Matches("/socket.iox"));
  EXPECT_FALSE(mount.Matches("/api/v1/socket.io/"));
  EXPECT_FALSE(Mount{}.Matches("/"));
}

TEST(MountTest, RecognisesAWebSocketUpgradeWhateverTheCaseAndTokenList) {
  Request request;
  request.method = Method::kGet;
  request.headers = {{"upgrade", "WebSocket"}, {"Connection", "keep-alive, Upgrade"}};
  EXPECT_TRUE(IsWebSocketUpgrade(request));
  request.method = Method::kPost;
  EXPECT_FALSE(IsWebSocketUpgrade(request));
  request.method = Method::kGet;
  request.headers = {{"Upgrade", "websocket"}};
  EXPECT_FALSE(IsWebSocketUpgrade(request));
  request.headers = {{"Upgrade", "h2c"}, {"Connection", "upgrade"}};
  EXPECT_FALSE(IsWebSocketUpgrade(request));
}

}  // namespace
}  // namespace lenslet::http
