#pragma once
// A minimal Engine.IO v4 long-polling client for tests, driving a real
// realtime::Server through Server::HandleHttp (the same entry point the HTTP
// mount uses), so a test observes what a browser would receive — Server::
// DeliverLocal, the namespace, rooms, the session's send queue and the
// polling encoder all included — without a TCP socket.
#include <boost/asio/io_context.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <deque>
#include <future>
#include <optional>
#include <string>

#include "realtime/protocol/socketio.hpp"
#include "realtime/server.hpp"

namespace lenslet::realtime::redis::testing {

class PollingClient {
 public:
  // Opens a session and connects to namespace "/" with `auth`; throws when
  // the server does not accept within a few seconds.
  PollingClient(Server& server, boost::asio::io_context& io, const boost::json::value& auth);

  // The next EVENT/BINARY_EVENT packet of "/", or nullopt after `timeout`.
  std::optional<protocol::SioPacket> NextEvent(std::chrono::milliseconds timeout);
  // True when the server closed the session (DISCONNECT or Engine.IO close) within `timeout`.
  bool WaitClosed(std::chrono::milliseconds timeout);

 private:
  HttpAnswer Request(const std::string& method, const std::string& body);
  // Reads packets into pending_ until one arrives or `timeout` passes; the
  // long-poll GET outlives a timeout and is picked up by the next call.
  bool Poll(std::chrono::milliseconds timeout);

  Server& server_;
  boost::asio::io_context& io_;
  std::string sid_;
  std::optional<std::future<HttpAnswer>> get_;
  protocol::SioDecoder decoder_;
  std::deque<protocol::SioPacket> pending_;
  bool closed_ = false;
};

}  // namespace lenslet::realtime::redis::testing
