#pragma once
// The arguments of an event or an acknowledgement, binary included. Binary
// arguments stay as Socket.IO puts them on the wire: a placeholder
// {"_placeholder":true,"num":N} in `args` and the bytes in attachments[N]
// (socket.io-protocol "Packet encoding"), so a payload is echoed or forwarded
// without copying or rewriting anything.
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <vector>

namespace lenslet::realtime {

struct Payload {
  boost::json::array args;
  std::vector<std::string> attachments;

  // Appends a JSON argument.
  Payload& Add(boost::json::value value) {
    args.push_back(std::move(value));
    return *this;
  }
  // Appends a binary argument (a Buffer/ArrayBuffer for the client).
  Payload& AddBinary(std::string bytes);
  // The bytes behind `value` when it is a placeholder of this payload, else nullptr.
  const std::string* Binary(const boost::json::value& value) const;

  friend bool operator==(const Payload&, const Payload&) = default;
};

}  // namespace lenslet::realtime
