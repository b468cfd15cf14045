#include "mail/message.hpp"

#include <gtest/gtest.h>

#include <string>

#include "mail/templates.hpp"

namespace lenslet::mail {
namespace {

Message Sample() {
  Message m;
  m.from = "noreply@photos.example.org";
  m.from_name = "Lenslet";
  m.to = "ada@example.org";
  m.subject = "Reset your Lenslet password";
  m.text = "Hi ada,\n\nhttp://x/reset-password?token=abc\n.\nend\n";
  m.html = "<p>Hi ada</p>";
  m.message_id = "lenslet.7.1700000000000@photos.example.org";
  m.date = 1'796'549'412'000;  // 2026-12-06T09:30:12Z
  return m;
}

std::string Header(const std::string& message, const std::string& name) {
  const auto start = message.find("\r\n" + name + ": ");
  const auto from = start == std::string::npos ? (message.starts_with(name + ": ") ? 0 : std::string::npos)
                                               : start + 2;
  if (from == std::string::npos) return {};
  const auto end = message.find("\r\n", from);
  return message.substr(from + name.size() + 2, end - from - name.size() - 2);
}

std::string DecodeBase64(std::string_view in) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char ch : in) {
    const auto i = kAlphabet.find(ch);
    if (i == std::string::npos) continue;
    buffer = (buffer << 6) | static_cast<unsigned>(i);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

TEST(MessageTest, HasTheHeadersAReaderNeeds) {
  const std::string m = RenderMessage(Sample());
  EXPECT_EQ(Header(m, "Date"), "Sun, 06 Dec 2026 09:30:12 +0000");
  EXPECT_EQ(Header(m, "From"), "\"Lenslet\" <noreply@photos.example.org>");
  EXPECT_EQ(Header(m, "To"), "<ada@example.org>");
  EXPECT_EQ(Header(m, "Subject"), "Reset your Lenslet password");
  EXPECT_EQ(Header(m, "Message-ID"), "<lenslet.7.1700000000000@photos.example.org>");
  EXPECT_EQ(Header(m, "MIME-Version"), "1.0");
  EXPECT_TRUE(Header(m, "Content-Type").starts_with("multipart/alternative; boundary=\"=_lenslet_"));
}

TEST(MessageTest, EveryLineEndsWithCrlfAndFitsTheLimit) {
  const std::string m = RenderMessage(Sample());
  ASSERT_TRUE(m.ends_with("\r\n"));
  std::size_t start = 0;
  while (start < m.size()) {
    const auto end = m.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    const std::string line = m.substr(start, end - start);
    EXPECT_EQ(line.find('\n'), std::string::npos) << "bare LF in: " << line;
    EXPECT_EQ(line.find('\r'), std::string::npos) << "bare CR in: " << line;
    EXPECT_LE(line.size(), 78u) << line;
    // Body lines are base64: none can be a lone "." that would end the DATA.
    EXPECT_NE(line, ".");
    start = end + 2;
  }
}

TEST(MessageTest, HasATextAndAnHtmlPartWithTheBodiesInCrlf) {
  const std::string m = RenderMessage(Sample());
  const auto text_at = m.find("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
  const auto html_at = m.find("Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
  ASSERT_NE(text_at, std::string::npos);
  ASSERT_NE(html_at, std::string::npos);
  EXPECT_LT(text_at, html_at) << "plain text first, the richer part last";
  const auto body_start = m.find("\r\n\r\n", text_at) + 4;
  const auto body_end = m.find("\r\n--", body_start);
  EXPECT_EQ(DecodeBase64(m.substr(body_start, body_end - body_start)),
            "Hi ada,\r\n\r\nhttp://x/reset-password?token=abc\r\n.\r\nend\r\n");
  const std::string boundary = Header(m, "Content-Type").substr(std::string("multipart/alternative; boundary=\"").size());
  EXPECT_TRUE(m.ends_with("--" + boundary.substr(0, boundary.size() - 1) + "--\r\n"));
}

TEST(MessageTest, EncodesANonAsciiSubjectPerRfc2047) {
  Message m = Sample();
  m.subject = "Réinitialisez votre mot de passe";
  EXPECT_EQ(Header(RenderMessage(m), "Subject"), "=?UTF-8?B?UsOpaW5pdGlhbGlzZXogdm90cmUgbW90IGRlIHBhc3Nl?=");
}

TEST(MessageTest, SplitsLongEncodedSubjectsOnCharacterBoundaries) {
  // 30 two-byte characters (60 bytes): more than one encoded word holds.
  std::string subject;
  for (int i = 0; i < 30; ++i) subject += "é";
  const std::string encoded = EncodeHeaderText(subject);
  std::string decoded;
  std::size_t start = 0;
  int words = 0;
  while ((start = encoded.find("=?UTF-8?B?", start)) != std::string::npos) {
    const auto end = encoded.find("?=", start + 10);
    EXPECT_LE(end + 2 - start, 75u);
    const std::string word = DecodeBase64(encoded.substr(start + 10, end - start - 10));
    EXPECT_EQ(word.size() % 2, 0u) << "a character was cut in two";
    decoded += word;
    start = end + 2;
    ++words;
  }
  EXPECT_EQ(words, 2);
  EXPECT_EQ(decoded, subject);
  EXPECT_NE(encoded.find("?=\r\n =?UTF-8?B?"), std::string::npos) << "words are folded with CRLF SP";
}

TEST(MessageTest, TextThatLooksEncodedIsEncodedItself) {
  EXPECT_EQ(EncodeHeaderText("=?UTF-8?B?SGk=?="), "=?UTF-8?B?PT9VVEYtOD9CP1NHaz0/PQ==?=");
}

TEST(MessageTest, HeaderValuesCannotStartHeadersOfTheirOwn) {
  Message m = Sample();
  m.to = "ada@example.org\r\nBcc: eve@example.org";
  m.subject = "Hi\r\nBcc: eve@example.org";
  const std::string out = RenderMessage(m);
  EXPECT_EQ(out.find("\r\nBcc:"), std::string::npos);
  EXPECT_EQ(Header(out, "Subject"), "Hi  Bcc: eve@example.org");
}

TEST(MessageTest, QuotesTheDisplayName) {
  Message m = Sample();
  m.from_name = "Ada \"the\" photographer";
  EXPECT_EQ(Header(RenderMessage(m), "From"), "\"Ada \\\"the\\\" photographer\" <noreply@photos.example.org>");
  m.from_name = "Lenslet · Café";
  EXPECT_TRUE(Header(RenderMessage(m), "From").starts_with("=?UTF-8?B?"));
}

TEST(MessageTest, KnowsTheDomainOfAnAddress) {
  EXPECT_EQ(DomainOf("noreply@photos.example.org"), "photos.example.org");
  EXPECT_EQ(DomainOf("nobody"), "");
}

TEST(TemplatesTest, LinksAreMadeFromTheBaseUrlAndHtmlIsEscaped) {
  const Content c = RenderTemplate(Template::kPasswordReset,
                                   {{"username", "<ada>"}, {"path", "/reset-password?token=a&b"}, {"minutes", "30"}},
                                   "https://photos.example.org");
  EXPECT_EQ(c.subject, "Reset your Lenslet password");
  EXPECT_NE(c.text.find("https://photos.example.org/reset-password?token=a&b\n"), std::string::npos);
  EXPECT_NE(c.text.find("within 30 minutes"), std::string::npos);
  EXPECT_NE(c.html.find("href=\"https://photos.example.org/reset-password?token=a&amp;b\""), std::string::npos);
  EXPECT_NE(c.html.find("Hi &lt;ada&gt;,"), std::string::npos);
  EXPECT_EQ(c.html.find("<ada>"), std::string::npos);
}

TEST(TemplatesTest, NamesRoundTrip) {
  for (const auto t : {Template::kPasswordReset, Template::kVerifyEmail, Template::kConfirmEmailChange,
                       Template::kEmailChanged, Template::kExportReady}) {
    EXPECT_EQ(ParseTemplate(TemplateName(t)), t);
  }
  EXPECT_EQ(ParseTemplate("nope"), std::nullopt);
}

}  // namespace
}  // namespace lenslet::mail
