#include "mail/message.hpp"

#include <array>
#include <ctime>

namespace lenslet::mail {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::size_t kBase64LineLength = 76;
// An encoded word is at most 75 characters: "=?UTF-8?B?" + base64 + "?=" leaves
// 63 for base64, i.e. 45 bytes of text (60 characters).
constexpr std::size_t kEncodedWordBytes = 45;

constexpr char kBase64Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
    out += kBase64Alphabet[(v >> 18) & 63];
    out += kBase64Alphabet[(v >> 12) & 63];
    out += kBase64Alphabet[(v >> 6) & 63];
    out += kBase64Alphabet[v & 63];
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kBase64Alphabet[(v >> 18) & 63];
    out += kBase64Alphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kBase64Alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// Bodies are written with '\n'; the wire wants CRLF (RFC 5322 §2.3), which
// the part's charset decoders then turn back into the reader's line ends.
std::string ToCrlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += kCrlf;
    } else if (text[i] == '\n') {
      out += kCrlf;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string Base64Lines(std::string_view bytes) {
  const std::string encoded = Base64(bytes);
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); i += kBase64LineLength) {
    out.append(encoded, i, kBase64LineLength);
    out += kCrlf;
  }
  return out;
}

// WARNING: header injection guard. A CR or LF in a value would end the header
// and let the rest be read as headers (or as the body) of the attacker's choosing.
std::string OneLine(std::string_view value) {
  std::string out(value);
  for (char& ch : out) {
    if (ch == '\r' || ch == '\n') ch = ' ';
  }
  return out;
}

bool IsPlainAscii(std::string_view text) {
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c > 0x7e) return false;
  }
  // Text that looks like an encoded word would be decoded by the reader.
  return text.find("=?") == std::string_view::npos;
}

// Bytes of the UTF-8 character that starts with `lead` (1 for anything invalid,
// which then travels as is inside the base64).
std::size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xf0 && lead < 0xf8) return 4;
  if (lead >= 0xe0) return lead < 0xf0 ? 3 : 1;
  if (lead >= 0xc0) return 2;
  return 1;
}

// A display name in a quoted string when it needs no encoding.
std::string DisplayName(std::string_view name) {
  if (!IsPlainAscii(name)) return EncodeHeaderText(name);
  std::string out = "\"";
  for (const char ch : name) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

// A boundary that cannot occur in base64 text ('=' followed by '_').
std::string BoundaryFor(std::string_view message_id) {
  std::size_t hash = 1469598103934665603ULL;
  for (const char ch : message_id) hash = (hash ^ static_cast<unsigned char>(ch)) * 1099511628211ULL;
  constexpr char kHex[] = "0123456789abcdef";
  std::string out = "=_lenslet_";
  for (int i = 0; i < 16; ++i) out += kHex[(hash >> (i * 4)) & 15];
  return out;
}

}  // namespace

std::string FormatDate(core::Millis ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  static constexpr std::array<std::string_view, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buffer[40];
  std::snprintf(buffer, sizeof(buffer), "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday].data(),
                tm.tm_mday, kMonths[tm.tm_mon].data(), tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buffer;
}

std::string EncodeHeaderText(std::string_view text) {
  const std::string line = OneLine(text);
  if (IsPlainAscii(line)) return line;
  std::string out;
  std::size_t start = 0;
  while (start < line.size()) {
    std::size_t end = start;
    while (end < line.size()) {
      const std::size_t next = end + Utf8Length(static_cast<unsigned char>(line[end]));
      if (next - start > kEncodedWordBytes) break;
      end = std::min(next, line.size());
    }
    if (end == start) end = std::min(start + kEncodedWordBytes, line.size());
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(std::string_view(line).substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

std::string_view DomainOf(std::string_view address) {
  const auto at = address.rfind('@');
  return at == std::string_view::npos ? std::string_view{} : address.substr(at + 1);
}

std::string RenderMessage(const Message& message) {
  const std::string boundary = BoundaryFor(message.message_id);
  std::string out;
  const auto header = [&out](std::string_view name, std::string_view value) {
    out.append(name).append(": ").append(value).append(kCrlf);
  };
  header("Date", FormatDate(message.date));
  header("From", DisplayName(OneLine(message.from_name)) + " <" + OneLine(message.from) + ">");
  header("To", "<" + OneLine(message.to) + ">");
  header("Subject", EncodeHeaderText(message.subject));
  header("Message-ID", "<" + OneLine(message.message_id) + ">");
  header("MIME-Version", "1.0");
  // Automatic mail: no out-of-office replies to it (RFC 3834).
  header("Auto-Submitted", "auto-generated");
  header("Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
  out += kCrlf;
  const auto part = [&](std::string_view type, std::string_view body) {
    out.append("--").append(boundary).append(kCrlf);
    header("Content-Type", std::string(type) + "; charset=utf-8");
    header("Content-Transfer-Encoding", "base64");
    out += kCrlf;
    out += Base64Lines(ToCrlf(body));
  };
  // Plain text first: readers show the last alternative they understand.
  part("text/plain", message.text);
  part("text/html", message.html);
  out.append("--").append(boundary).append("--").append(kCrlf);
  return out;
}

}  // namespace lenslet::mail
