#pragma once
// What the clients say, per mode: the auth payload, who sends, how a message
// is stamped with its send time and how a delivery is recognised.
//
//   echo     every client emits `message` [{t, seq}] and lenslet-socketio-echo
//            answers the same client with `message-back` (same arguments).
//   lenslet  clients 2k and 2k+1 share a 1:1 conversation; 2k emits
//            `message:send` {conversationId, text, clientId} with an ack and
//            2k+1 receives `message:new` {message}. The send time travels in
//            the text, so any thread can measure any delivery.
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sio_client.hpp"

namespace lenslet::bench {

struct Delivery {
  enum class Kind { kOther, kDelivered, kSelfCopy } kind = Kind::kOther;
  std::int64_t sent_ns = 0;  // steady_clock time of the emit
};

class Workload {
 public:
  virtual ~Workload() = default;
  virtual boost::json::value Auth(std::size_t client) const = 0;
  virtual bool IsSender(std::size_t client) const = 0;
  // Emits one message stamped `sent_ns`; returns whether it asked for ack `ack_id`.
  virtual bool Send(SioClient& client, std::int64_t sent_ns, std::uint64_t seq, std::uint64_t ack_id) const = 0;
  // What an event received by `client` is. args[0] is the event name.
  virtual Delivery Classify(const SioClient& client, std::string_view event, const boost::json::array& args) const = 0;
  // The error code an ack carries ({error: {code}}), or empty for a success.
  virtual std::string AckError(const boost::json::array& args) const = 0;
};

std::unique_ptr<Workload> MakeEchoWorkload();

struct Account {
  std::string username;
  std::string access_token;
};

// `conversations[k]` is the id of the conversation of pair k (clients 2k,
// 2k+1), empty when it could not be created (that pair stays silent).
std::unique_ptr<Workload> MakeLensletWorkload(std::vector<Account> accounts, std::vector<std::string> conversations);

}  // namespace lenslet::bench
