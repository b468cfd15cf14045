#include "realtime/protocol/result.hpp"

namespace lenslet::realtime::protocol {

std::string_view ToString(DecodeError error) {
  switch (error) {
    case DecodeError::kEmpty: return "empty";
    case DecodeError::kTooLarge: return "too_large";
    case DecodeError::kTooManyPackets: return "too_many_packets";
    case DecodeError::kUnknownType: return "unknown_type";
    case DecodeError::kBadBase64: return "bad_base64";
    case DecodeError::kBadAttachmentCount: return "bad_attachment_count";
    case DecodeError::kTooManyAttachments: return "too_many_attachments";
    case DecodeError::kAttachmentMismatch: return "attachment_mismatch";
    case DecodeError::kBadNamespace: return "bad_namespace";
    case DecodeError::kBadAckId: return "bad_ack_id";
    case DecodeError::kBadJson: return "bad_json";
    case DecodeError::kBadPayload: return "bad_payload";
    case DecodeError::kReservedEventName: return "reserved_event_name";
    case DecodeError::kBadPlaceholder: return "bad_placeholder";
  }
  return "unknown";
}

}  // namespace lenslet::realtime::protocol
