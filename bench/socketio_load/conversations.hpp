#pragma once
// lenslet mode's preparation: one 1:1 conversation per pair of clients,
// created the way an app creates it, POST /api/v1/conversations
// {usernames:[peer]} with the first member's Bearer token, over a few
// keep-alive HTTP/1.1 connections.
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "workload.hpp"

namespace lenslet::bench {

struct ConversationSetup {
  std::vector<std::string> ids;  // per pair; empty where creation failed
  std::map<std::string, std::uint64_t> failures;  // by reason
  double seconds = 0;
};

// Pairs (accounts[2k], accounts[2k+1]) for k < pairs.
ConversationSetup CreateConversations(boost::asio::ip::tcp::endpoint server, const std::string& host_header,
                                      const std::vector<Account>& accounts, std::size_t pairs,
                                      std::size_t connections);

}  // namespace lenslet::bench
