// zstack-webhook: X-Web-Hook URLs.
#include "webhook/url.h"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace zstack::webhook {
namespace {

Url urlOf(const std::string& text) {
  Url url;
  const Status status = parseUrl(text, &url);
  EXPECT_TRUE(status.ok()) << text << ": " << status.error().details;
  return url;
}

// The details of the refusal, "" when the text is accepted.
std::string refusalOf(const std::string& text) {
  Url url;
  const Status status = parseUrl(text, &url);
  if (status.ok()) return "";
  EXPECT_EQ(status.error().code, codes::kInvalidArgument);
  return status.error().details;
}

TEST(ParseUrl, SplitsHostPortAndTarget) {
  struct Case {
    std::string text, host;
    std::uint16_t port;
    std::string target;
  };
  for (const Case& c : std::vector<Case>{
           {"http://Hooks.Example.COM:8080/a/b?x=1&y=2", "hooks.example.com", 8080, "/a/b?x=1&y=2"},
           {"HTTP://example.com", "example.com", 80, "/"},
           {"http://example.com?x=1", "example.com", 80, "/?x=1"},
           {"http://example.com/a#fragment", "example.com", 80, "/a"},
           {"http://my_host-1.example/", "my_host-1.example", 80, "/"},
           // IPv6 in brackets, kept without them in its shortest form.
           {"http://[::1]:8080/x", "::1", 8080, "/x"},
           {"http://[2001:DB8:0:0::1]", "2001:db8::1", 80, "/"},
           {"http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1", 80, "/"},
           // Percent-encoded where a byte cannot stand in a request line; reserved and
           // unreserved characters, and what the client encoded already, stay as sent.
           {"http://h/a b\r\nX-Injected: 1", "h", 80, "/a%20b%0D%0AX-Injected:%201"},
           {"http://h/caf\xc3\xa9?q=\"<x>\"&t=\t", "h", 80, "/caf%C3%A9?q=%22%3Cx%3E%22&t=%09"},
           {"http://h/{a}|b\\c^d`e\x7f", "h", 80, "/%7Ba%7D%7Cb%5Cc%5Ed%60e%7F"},
           {"http://h/p-._~:@!$&'()*+,;=/%41%2F?k=v/?[]", "h", 80, "/p-._~:@!$&'()*+,;=/%41%2F?k=v/?[]"},
       }) {
    const Url url = urlOf(c.text);
    EXPECT_EQ(url.host, c.host) << c.text;
    EXPECT_EQ(url.port, c.port) << c.text;
    EXPECT_EQ(url.target, c.target) << c.text;
  }
}

TEST(ParseUrl, RefusesWithTheReason) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"ftp://example.com/hook", "is not an http:// URL"},
      {"https://example.com/hook", "is not an http:// URL"},
      {"not a url", "is not an http:// URL"},
      {"http://user:secret@example.com/", "user information"},
      {"http://@example.com/", "user information"},
      {"http://", "has no host"},
      {"http:///path", "has no host"},
      {"http://:8080/", "has no host"},
      {"http://example.com:0/", "invalid port"},
      {"http://example.com:65536/", "invalid port"},
      {"http://host:99999/x", "invalid port"},
      {"http://example.com:/", "invalid port"},
      {"http://example.com:80a/", "invalid port"},
      {"http://example.com:-1/", "invalid port"},
      {"http://exam\r\nple.com/", "control character"},
      {"http://example.com\n:80/", "control character"},
      {std::string("http://exa\0mple.com/", 20), "control character"},
      {"http://exa mple.com/", "invalid host"},
      {"http://ex%41mple.com/", "invalid host"},
      {"http://caf\xc3\xa9.example/", "invalid host"},
      {"http://::1/", "invalid host"},
      {"http://[::1/x", "unclosed"},
      {"http://[::1]x/", "text after its IPv6 address"},
      {"http://[127.0.0.1]/", "invalid IPv6 address"},
      {"http://[fe80::1%25eth0]/", "invalid IPv6 address"},
      {"http://127.1/", "other than dotted decimal"},
      {"http://2130706433/", "other than dotted decimal"},
      {"http://0x7f.0.0.1/", "other than dotted decimal"},
      {"http://0177.0.0.1/", "other than dotted decimal"},
  };
  for (const auto& [text, reason] : cases) {
    const std::string details = refusalOf(text);
    EXPECT_NE(details.find("X-Web-Hook"), std::string::npos) << text << ": " << details;
    EXPECT_NE(details.find(reason), std::string::npos) << text << ": " << details;
    EXPECT_EQ(details.find_first_of("\r\n"), std::string::npos) << "the client's text is quoted: " << details;
  }
}

TEST(ParseUrl, TakesAtMost2048Bytes) {
  const std::string prefix = "http://example.com/";
  EXPECT_EQ(refusalOf(prefix + std::string(2048 - prefix.size(), 'a')), "");
  EXPECT_NE(refusalOf(prefix + std::string(2049 - prefix.size(), 'a')).find("longer than 2048 bytes"), std::string::npos);
}

}  // namespace
}  // namespace zstack::webhook
