#include "realtime/options.hpp"

#include <algorithm>
#include <cctype>

namespace lenslet::realtime {
namespace {

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

std::string_view Handshake::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (IEquals(key, name)) return value;
  }
  return {};
}

Handshake Handshake::SessionCopy() const {
  static constexpr std::string_view kKept[] = {"Cookie", "Authorization", "Origin"};
  Handshake copy{.url = url, .client_address = client_address};
  for (const auto& [key, value] : headers) {
    if (std::any_of(std::begin(kKept), std::end(kKept), [&](std::string_view kept) { return IEquals(key, kept); })) {
      copy.headers.emplace_back(key, value);
    }
  }
  copy.headers.shrink_to_fit();
  return copy;
}

std::string Handshake::Query(std::string_view name) const {
  const auto question = url.find('?');
  if (question == std::string::npos) return {};
  std::string_view query = std::string_view(url).substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (Decode(pair.substr(0, eq)) == name) return eq == std::string_view::npos ? std::string() : Decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

}  // namespace lenslet::realtime
