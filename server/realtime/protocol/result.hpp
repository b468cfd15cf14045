#pragma once
// How the codec reports hostile or malformed input: a value, never an
// exception. Transports close the connection on any DecodeFailure; `message`
// is fixed text for the log (it never echoes the peer's bytes).
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace lenslet::realtime::protocol {

// When adding here, also update ToString() in result.cpp.
enum class DecodeError {
  kEmpty,                // a packet with no bytes at all
  kTooLarge,             // over a byte limit (maxPayload, max_packet_bytes)
  kTooManyPackets,       // a polling payload with more packets than allowed
  kUnknownType,          // packet type outside the protocol's list
  kBadBase64,            // a 'b'-prefixed polling packet that is not base64
  kBadAttachmentCount,   // "<n>-" of a binary packet missing, not decimal or overflowing
  kTooManyAttachments,   // more attachments announced than allowed
  kAttachmentMismatch,   // attachments received do not match the announced count
  kBadNamespace,         // too long, or forbidden characters
  kBadAckId,             // too long, overflowing, or on a packet type that has none
  kBadJson,              // the payload is not JSON (or nests too deep)
  kBadPayload,           // JSON of the wrong shape for the packet type
  kReservedEventName,    // an EVENT named like one of Socket.IO's own events
  kBadPlaceholder,       // placeholder with bad/duplicate num, or an attachment nobody references
};

std::string_view ToString(DecodeError error);

struct DecodeFailure {
  DecodeError code;
  std::string message;
};

inline DecodeFailure Fail(DecodeError code, std::string message) {
  return DecodeFailure{code, std::move(message)};
}

// A tiny std::expected: C++20 has none. Reading value() of a failure is a
// programming error and throws std::bad_variant_access.
template <typename T>
class [[nodiscard]] Result {
 public:
  template <typename U = T>
    requires(std::is_constructible_v<T, U &&> &&
             !std::is_same_v<std::remove_cvref_t<U>, DecodeFailure> &&
             !std::is_same_v<std::remove_cvref_t<U>, Result>)
  Result(U&& value) : state_(std::in_place_index<0>, std::forward<U>(value)) {}
  Result(DecodeFailure failure) : state_(std::in_place_index<1>, std::move(failure)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const DecodeFailure& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, DecodeFailure> state_;
};

}  // namespace lenslet::realtime::protocol
