#pragma once
// One mail as it goes over SMTP (RFC 5322 + MIME): headers, then a
// multipart/alternative body with a plain-text and an HTML part. Pure: no I/O,
// so the exact bytes are unit-tested (message_test.cpp). SMTP itself (the
// envelope, dot-stuffing, TLS) is libcurl's job (smtp_sender.hpp).
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace lenslet::mail {

struct Message {
  std::string from;       // an address, e.g. "noreply@photos.example.org"
  std::string from_name;  // shown before it, e.g. "Lenslet"
  std::string to;         // one address
  std::string subject;    // UTF-8; encoded per RFC 2047 when not plain ASCII
  std::string text;       // UTF-8 plain text, '\n' line ends
  std::string html;       // UTF-8 HTML document
  std::string message_id;  // without angle brackets: "lenslet.12.1733480000000@example.org"
  core::Millis date = 0;   // the Date header
};

// The whole message: CRLF line ends, no line longer than 78 characters, the
// bodies in base64 (so no body line can start with "." or exceed the limit
// whatever the text holds). CR and LF inside header values are replaced by
// spaces: a value can never start a header of its own.
std::string RenderMessage(const Message& message);

// An RFC 5322 date: "Sun, 06 Dec 2026 09:30:12 +0000".
std::string FormatDate(core::Millis ms);

// A header value for unstructured text (Subject, display names): as is when
// it is printable ASCII, else RFC 2047 "=?UTF-8?B?...?=" words of at most 75
// characters, each holding whole UTF-8 characters, folded with CRLF SP.
std::string EncodeHeaderText(std::string_view text);

// The domain part of an address ("" when it has none).
std::string_view DomainOf(std::string_view address);

}  // namespace lenslet::mail
