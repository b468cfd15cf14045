#include "cluster/redis_revocations.hpp"

#include "cluster/scripts.hpp"

namespace lenslet::cluster {

using realtime::redis::RedisValue;

std::string RedisRevocations::Key(core::SessionId session) const {
  return key_prefix_ + ":rv:" + session.ToString();
}

boost::asio::awaitable<void> RedisRevocations::Add(std::vector<core::SessionId> sessions) {
  if (sessions.empty()) co_return;
  if (!client_.connected()) {
    log_.Degraded();
    co_return;
  }
  std::vector<std::string> keys;
  keys.reserve(sessions.size());
  for (const auto session : sessions) keys.push_back(Key(session));
  std::vector<std::string> args(1, std::to_string(kRevocationTtl.count()));
  const auto result = co_await client_.RunScript(kRevoke, std::move(keys), std::move(args));
  if (result.ok()) {
    log_.Healthy();
  } else {
    log_.Degraded();
  }
}

boost::asio::awaitable<auth::Revoked> RedisRevocations::Contains(core::SessionId session) {
  if (!client_.connected()) {
    log_.Degraded();
    co_return auth::Revoked::kUnknown;
  }
  std::vector<std::string> command;
  command.reserve(2);
  command.emplace_back("EXISTS");
  command.push_back(Key(session));
  const auto result = co_await client_.Run(std::move(command));
  if (!result.ok() || result.value.kind != RedisValue::Kind::kInteger) {
    log_.Degraded();
    co_return auth::Revoked::kUnknown;
  }
  log_.Healthy();
  co_return result.value.integer > 0 ? auth::Revoked::kYes : auth::Revoked::kNo;
}

}  // namespace lenslet::cluster
